package dev.fetchpipe.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The byte budget's bookings on a clock the test moves by hand. */
class ByteBudgetTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * MS);

  @Test
  void noLimitNeverWaits() {
    ByteBudget budget = new ByteBudget(0, now::get);
    for (int i = 0; i < 1000; i++) assertEquals(0, budget.book(1 << 20));
  }

  @Test
  void chunksArrivingAtOnceWaitTheirTurnAtTheRate() {
    ByteBudget budget = new ByteBudget(1000, now::get); // 1000 bytes a second: 1 ms a byte
    assertEquals(0, budget.book(100), "the first passes at once");
    assertEquals(100 * MS, budget.book(100), "the second after the first's 100 ms");
    assertEquals(200 * MS, budget.book(500));
    assertEquals(700 * MS, budget.book(1));
  }

  @Test
  void overAnyStretchTheBytesPassedAreTheRateTimesTheTimePlusOneBurst() {
    long rate = 2 << 20; // 2 MiB/s
    ByteBudget budget = new ByteBudget(rate, now::get);
    long start = now.get();
    long passed = 0;
    // A reader that passes each chunk when told, then books the next: 20 s of 16 KiB chunks.
    while (now.get() - start < 20_000 * MS) {
      now.addAndGet(budget.book(16_384));
      passed += 16_384;
    }
    double seconds = (now.get() - start) / 1e9;
    assertEquals(rate, passed / seconds, rate * 0.01, "within 1% of the rate over 20 s");
  }

  @Test
  void timeLeftUnusedIsKeptOnlyUpToTheBurst() {
    ByteBudget budget = new ByteBudget(1000, now::get);
    now.addAndGet(60_000 * MS); // a minute idle
    assertEquals(0, budget.book(100), "the burst's 100 bytes pass at once");
    assertEquals(0, budget.book(100), "a chunk waits only for the bytes booked before it");
    assertEquals(100 * MS, budget.book(100), "the idle minute is not a minute of bytes: 100 ms of them");
  }

  @Test
  void aNewRateHoldsFromNowAndAnUnchangedOneChangesNothing() {
    ByteBudget budget = new ByteBudget(1000, now::get);
    budget.book(10_000); // books 10 s ahead at 1000 B/s
    budget.rate(1000);
    assertEquals(10_000 * MS, budget.book(1), "the same rate again keeps the bookings");
    budget.rate(1_000_000); // raised: no waiting behind the old rate's bookings
    assertEquals(0, budget.book(1000));
    assertEquals(MS, budget.book(1000), "1000 bytes at 1 MB/s: 1 ms");
    budget.rate(0);
    assertEquals(0, budget.book(1 << 30), "off");
    assertEquals(0, budget.rate());
  }

  @Test
  void aBodyWaitsForTheLongerOfTheJobsBudgetAndItsOwn() {
    BodyBytes bytes = new BodyBytes(0, 1000);
    ByteBudget own = new ByteBudget(0, now::get);
    assertEquals(0, bytes.book(500, own), "the per-URL rate reaches a budget made before it");
    assertEquals(500 * MS, bytes.book(1, own));
    bytes.rates(0, 0);
    assertEquals(0, bytes.book(1_000_000, own), "both off");
  }
}
