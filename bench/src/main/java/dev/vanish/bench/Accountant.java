// The delivery ledger of one run: which messages each member sent (acknowledged), and which each other member
// of its room received, so that at the end every acknowledged message is checked to have arrived exactly once
// at every other connected member. Each member's book is written only from that member's event-loop context
// (its sends and its receipts), so no locks; tally() runs after the run, once every context has been passed.
package dev.vanish.bench;

import java.util.BitSet;

public final class Accountant {

  /** One member's books: its acknowledged sends, and per room-mate the sequence numbers received from it. */
  static final class Book {
    final BitSet acked = new BitSet();
    final BitSet[] received;
    boolean connected;
    long duplicates;
    long foreign;

    Book(int members) {
      received = new BitSet[members];
      for (int i = 0; i < members; i++) received[i] = new BitSet();
    }
  }

  /** The result of checking every book: deliveries that happened, were expected and never came, or came twice. */
  public record Tally(long acked, long expected, long delivered, long lost, long duplicates, long deliveredUnacked,
                      long foreign) {}

  private final int members;
  private final Book[] books;

  public Accountant(int rooms, int members) {
    this.members = members;
    this.books = new Book[rooms * members];
    for (int i = 0; i < books.length; i++) books[i] = new Book(members);
  }

  public int members() {
    return members;
  }

  public int size() {
    return books.length;
  }

  /** The member (global index) holds a seat and a socket: from now on it is expected to receive. */
  public void connected(int member) {
    books[member].connected = true;
  }

  public boolean isConnected(int member) {
    return books[member].connected;
  }

  /** The server acknowledged the sender's message seq. Call on the sender's context. */
  public void acked(int sender, int seq) {
    books[sender].acked.set(seq);
  }

  /**
   * The receiver got the sender's message seq; false when it is a duplicate or came from outside the room
   * (which a report counts, but never as a delivery). Call on the receiver's context.
   */
  public boolean received(int receiver, int sender, int seq) {
    Book b = books[receiver];
    if (sender < 0 || sender >= books.length || sender / members != receiver / members || sender == receiver || seq < 0) {
      b.foreign++;
      return false;
    }
    BitSet got = b.received[sender % members];
    if (got.get(seq)) {
      b.duplicates++;
      return false;
    }
    got.set(seq);
    return true;
  }

  /** Checks every (sender, receiver) pair of every room. */
  public Tally tally() {
    long acked = 0, expected = 0, delivered = 0, lost = 0, dups = 0, unacked = 0, foreign = 0;
    for (int r = 0; r < books.length; r++) {
      Book rb = books[r];
      dups += rb.duplicates;
      foreign += rb.foreign;
      int roomStart = r - r % members;
      for (int local = 0; local < members; local++) {
        int s = roomStart + local;
        if (s == r) continue;
        BitSet sent = books[s].acked;
        BitSet got = rb.received[local];
        int sentCount = sent.cardinality();
        BitSet both = (BitSet) got.clone();
        both.and(sent);
        int hit = both.cardinality();
        delivered += hit;
        unacked += got.cardinality() - hit;
        if (rb.connected) {
          expected += sentCount;
          lost += sentCount - hit;
        }
      }
    }
    for (Book b : books) acked += b.acked.cardinality();
    return new Tally(acked, expected, delivered, lost, dups, unacked, foreign);
  }
}
