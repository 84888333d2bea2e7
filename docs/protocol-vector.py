#!/usr/bin/env python3
# Protocol v2 test vector, computed independently of Vanish with Python `cryptography`.
import base64, hashlib, hmac, unicodedata
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b'=').decode()
def unb64(s): return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
def hkdf(ikm, info, salt=None):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt if salt else None, info=info.encode()).derive(ikm)
def pub(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
def safety(root, room):
    h = hkdf(root, "vanish/v2/safety/" + room)
    return " ".join("%04d" % (int.from_bytes(h[4*i:4*i+4], 'big') % 10000) for i in range(5))

K = bytes(range(32))
room = "VanishTestVectorRoomQA"
assert b64(unb64(room)) == room and len(unb64(room)) == 16
iv = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab")
pt = '{"v":2,"memberId":"QWxpY2Utc2Vh","seq":1,"name":"anonymous-wolf-x7k2p","text":"hello, vanish","sentAt":1700000000000,"seen":"41"}'
challenge = "Y2hhbGxlbmdlLWZvci10aGUtdGVzdC12ZWN0b3I"
passphrase = "correct horse battery staple"

out = []
def row(k, v): out.append((k, v)); print(f"| {k} | `{v}` |")
link_seed = hkdf(K, "vanish/v2/link-key")
row("K", b64(K)); row("roomId", room); row("linkSeed", b64(link_seed)); row("publicKey", b64(pub(link_seed)))
seat_msg = ("vanish/v2/seat\n" + room + "\n" + challenge).encode()
row("challenge", challenge)
row("signature", b64(Ed25519PrivateKey.from_private_bytes(link_seed).sign(seat_msg)))
for label, p in (("no passphrase", None), ("passphrase", passphrase)):
    print("##", label)
    P = None
    if p:
        P = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=("vanish/v2/passphrase/" + room).encode(), iterations=600000).derive(unicodedata.normalize("NFC", p).encode())
        row("passphrase", p); row("P", b64(P))
    root = hkdf(K, "vanish/v2/root", P)
    row("root", b64(root))
    if p:
        ps = hkdf(root, "vanish/v2/passphrase-key"); row("passphraseSeed", b64(ps)); row("passphraseKey", b64(pub(ps)))
        row("passphraseSignature", b64(Ed25519PrivateKey.from_private_bytes(ps).sign(seat_msg)))
    mk = hkdf(root, "vanish/v2/message"); row("msgKey", b64(mk))
    row("safetyCode", safety(root, room))
    body = iv + AESGCM(mk).encrypt(iv, pt.encode(), room.encode())
    row("body", b64(body))
print("plaintext", pt)

# --- one encrypted file chunk (§8 "Test vector for one chunk") ---
print("## file chunk")
file_key = bytes(range(0x20, 0x40))
file_id = "VanishTestVectorFileQA"
assert b64(unb64(file_id)) == file_id and len(unb64(file_id)) == 16
chunk_iv = bytes.fromhex("c0c1c2c3c4c5c6c7c8c9cacb")
chunk_i, chunk_n = 1, 3
chunk_pt = b"the second of three chunks"
aad = ("vanish/v2/file-chunk\n" + room + "\n" + file_id + "\n" + str(chunk_i) + "\n" + str(chunk_n)).encode()
chunk = chunk_iv + AESGCM(file_key).encrypt(chunk_iv, chunk_pt, aad)
assert len(chunk) == len(chunk_pt) + 28
row("fileKey", b64(file_key)); row("fileId", file_id); row("i / n", f"{chunk_i} / {chunk_n}")
row("chunk iv (hex)", chunk_iv.hex()); row("chunk plaintext", chunk_pt.decode())
row("AAD", aad.decode().replace("\n", "\\n"))
row("chunk (hex)", chunk.hex()); row("chunk (base64url)", b64(chunk))
row("SHA-256 of the chunk plaintext", hashlib.sha256(chunk_pt).hexdigest())
