// Photo details: what a photo says about where and with what it was taken, removed before upload unless the sender
// keeps them (docs/PROTOCOL.md §8 "Photo details"; the Java client's PhotoDetails applies the same rules). JPEG:
// APP1–APP15 but APP14, COM and anything after EOI go, an EXIF orientation other than 1 comes back as a one-entry
// EXIF; PNG: tEXt/iTXt/zTXt/eXIf/tIME; WebP: EXIF/XMP; GIF: comments and application blocks but the loop count.
// An image that cannot be parsed throws ('unreadable image').
//
// sniff(bytes) -> 'image/jpeg'|'image/png'|'image/gif'|'image/webp'|null   (by the first bytes, not the name)
// stripMetadata(mime, bytes) -> bytes
const ascii = (b, from, to) => String.fromCharCode(...b.subarray(from, to));
const join = parts => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => { out.set(p, at); return at + p.length; }, 0);
  return out;
};
const bad = () => { throw new Error('unreadable image'); };

// The EXIF Orientation (1–8) of an APP1 segment's data, or 0.
function exifOrientation(d) {
  if (d.length < 14 || ascii(d, 0, 6) !== 'Exif\0\0') return 0;
  const t = new DataView(d.buffer, d.byteOffset + 6, d.length - 6), le = ascii(d, 6, 8) === 'II';
  const u16 = o => t.getUint16(o, le), ifd = t.getUint32(4, le);
  if (ifd + 2 > t.byteLength) return 0;
  for (let n = u16(ifd), o = ifd + 2; n > 0 && o + 12 <= t.byteLength; n--, o += 12) {
    if (u16(o) === 0x0112 && u16(o + 2) === 3) { const v = u16(o + 8); return v >= 1 && v <= 8 ? v : 0; }
  }
  return 0;
}

// APP1 with a big-endian TIFF header and one IFD entry: Orientation (0x0112, SHORT, 1 value).
const orientationApp1 = v => new Uint8Array([0xff, 0xe1, 0, 34, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8,
  0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, v, 0, 0, 0, 0, 0, 0]);

// JPEG: every segment but APP1–APP13, APP15 and COM (APP0/JFIF and APP14/Adobe stay: they say how to decode; a
// JFIF's thumbnail goes, and an APP0 of anything else, such as a JFXX thumbnail), the image data as it is, nothing
// after EOI (where phones append more images with their own EXIF). An orientation other than 1 comes back as a
// minimal EXIF, so the photo is not shown rotated.
export function stripJpeg(b) {
  if (b[0] !== 0xff || b[1] !== 0xd8) bad();
  const out = [];
  let i = 2, orientation = 0, app0 = null;
  for (;;) {
    if (i + 2 > b.length || b[i] !== 0xff) bad();
    const m = b[i + 1];
    if (m === 0xff) { i++; continue; } // fill byte
    if (m === 0xd9) { out.push(b.subarray(i, i + 2)); break; }
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) { out.push(b.subarray(i, i + 2)); i += 2; continue; }
    if (i + 4 > b.length) bad();
    const end = i + 2 + ((b[i + 2] << 8) | b[i + 3]);
    if (end > b.length || end < i + 4) bad();
    if (m === 0xe1 && !orientation) orientation = exifOrientation(b.subarray(i + 4, end));
    const drop = (m >= 0xe1 && m <= 0xef && m !== 0xee) || m === 0xfe || (m === 0xe0 && (app0 || end < i + 18 || ascii(b, i + 4, i + 9) !== 'JFIF\0'));
    if (m === 0xe0 && !drop) {
      app0 = b.slice(i, i + 18); // the JFIF header (length 16) with a thumbnail of 0 × 0
      app0[2] = 0;
      app0[3] = 16;
      app0[16] = app0[17] = 0;
    } else if (!drop) out.push(b.subarray(i, end));
    i = end;
    if (m === 0xda) { // entropy-coded data up to the next marker (not a stuffed 0xff00, not a restart marker)
      let j = i;
      while (j + 1 < b.length && !(b[j] === 0xff && b[j + 1] !== 0 && (b[j + 1] < 0xd0 || b[j + 1] > 0xd7))) j++;
      if (j + 1 >= b.length) bad();
      out.push(b.subarray(i, j));
      i = j;
    }
  }
  const head = [b.subarray(0, 2)];
  if (app0) head.push(app0);
  if (orientation > 1) head.push(orientationApp1(orientation));
  return join(head.concat(out));
}

const PNG_DROP = ['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME'];
export function stripPng(b) {
  if (b.length < 8 || ascii(b, 1, 4) !== 'PNG') bad();
  const v = new DataView(b.buffer, b.byteOffset, b.length), out = [b.subarray(0, 8)];
  for (let i = 8; ;) {
    if (i + 12 > b.length) bad();
    const type = ascii(b, i + 4, i + 8), end = i + 12 + v.getUint32(i);
    if (end > b.length) bad();
    if (!PNG_DROP.includes(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return join(out);
  }
}

// WebP: the EXIF and XMP chunks, and their flags in VP8X.
export function stripWebp(b) {
  if (b.length < 12 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 12) !== 'WEBP') bad();
  const v = new DataView(b.buffer, b.byteOffset, b.length), out = [b.slice(0, 12)];
  for (let i = 12; i < b.length;) {
    if (i + 8 > b.length) bad();
    const type = ascii(b, i, i + 4), end = i + 8 + v.getUint32(i + 4, true) + (v.getUint32(i + 4, true) & 1);
    if (end > b.length + 1) bad();
    const c = b.slice(i, Math.min(end, b.length));
    if (type === 'VP8X' && c.length > 8) c[8] &= ~0x0c;
    if (type !== 'EXIF' && type !== 'XMP ') out.push(c);
    i = end;
  }
  const r = join(out);
  new DataView(r.buffer).setUint32(4, r.length - 8, true);
  return r;
}

// GIF: comments and application blocks (XMP lives there) but the animation loop count.
export function stripGif(b) {
  if (b.length < 13 || ascii(b, 0, 3) !== 'GIF') bad();
  const table = f => (f & 0x80 ? 3 * (2 << (f & 7)) : 0);
  const blocks = j => { while (j < b.length && b[j] !== 0) j += b[j] + 1; if (j >= b.length) bad(); return j + 1; };
  let i = 13 + table(b[10]);
  const out = [b.subarray(0, i)];
  while (i < b.length) {
    const t = b[i];
    if (t === 0x3b) { out.push(b.subarray(i, i + 1)); return join(out); }
    let end, keep = true;
    if (t === 0x21) {
      end = blocks(i + 2);
      if (b[i + 1] === 0xfe) keep = false;
      if (b[i + 1] === 0xff) keep = ['NETSCAPE2.0', 'ANIMEXTS1.0'].includes(ascii(b, i + 3, i + 14));
    } else if (t === 0x2c) end = blocks(i + 11 + table(b[i + 9]));
    else bad();
    if (keep) out.push(b.subarray(i, end));
    i = end;
  }
  return bad();
}

const STRIP = { 'image/jpeg': stripJpeg, 'image/png': stripPng, 'image/webp': stripWebp, 'image/gif': stripGif };
export const stripMetadata = (mime, bytes) => STRIP[mime](bytes);

// The image type by the file's first bytes (its name and claimed type may say anything), else null.
export function sniff(b) {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(b, 0, 4) === 'GIF8') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  return null;
}
