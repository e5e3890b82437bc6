package org.underlay.deploy.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.underlay.deploy.fanout.FanOut;
import org.underlay.deploy.fanout.FanOutListener;
import org.underlay.deploy.fanout.FanOutReport;
import org.underlay.deploy.fanout.Outcome;

class FanOutTest {

	static List<Integer> targets(int n) {
		return IntStream.range(0, n).boxed().collect(Collectors.toList());
	}

	static List<String> fanOutThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith("underlay-fanout")).collect(Collectors.toList());
	}

	@AfterEach
	void noWorkerLeft() throws InterruptedException {
		long end = System.currentTimeMillis() + 2000;
		while (!fanOutThreads().isEmpty() && System.currentTimeMillis() < end) {
			Thread.sleep(10);
		}
		assertEquals(List.of(), fanOutThreads(), "fan-out workers left behind");
	}

	@Test
	void concurrencyIsReallyBounded() throws Exception {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger max = new AtomicInteger();
		FanOutReport<Integer, Integer> r = FanOut.run(targets(100), 7, t -> {
			int now = inFlight.incrementAndGet();
			max.accumulateAndGet(now, Math::max);
			Thread.sleep(15);
			inFlight.decrementAndGet();
			return t * 2;
		}, null);
		assertEquals(7, max.get(), "observed in-flight maximum");
		assertEquals(7, r.maxInFlight());
		assertTrue(r.allSucceeded());
		assertEquals(100, r.outcomes().size());
		for (int i = 0; i < 100; i++) {
			Outcome<Integer, Integer> o = r.outcomes().get(i);
			assertEquals(i, o.target());
			assertEquals(i, o.index());
			assertEquals(i * 2, o.value());
			assertTrue(o.elapsed().toMillis() >= 14, o.elapsed().toString());
		}
		// 100 x 15 ms on 7 workers: about 15 rounds, far from 100 sequential ones
		assertTrue(r.elapsed().toMillis() < 1000, r.elapsed().toString());
	}

	@Test
	void aFailingTargetDoesNotStopTheOthers() throws Exception {
		FanOutReport<Integer, String> r = FanOut.run(targets(30), 4, t -> {
			if (t % 3 == 0) {
				throw new IllegalStateException("machine " + t + " broken");
			}
			return "ok " + t;
		}, null);
		assertEquals(10, r.failed().size());
		assertEquals(20, r.succeeded().size());
		for (Outcome<Integer, String> o : r.failed()) {
			assertEquals(0, o.target() % 3);
			assertEquals("machine " + o.target() + " broken", o.error().getMessage());
			assertNull(o.value());
		}
		assertEquals("ok 1", r.outcomes().get(1).value());
	}

	@Test
	void progressIsReportedOncePerTarget() throws Exception {
		List<Integer> started = Collections.synchronizedList(new ArrayList<>());
		List<Integer> doneCounts = Collections.synchronizedList(new ArrayList<>());
		Set<Integer> finishedTargets = Collections.synchronizedSet(new HashSet<>());
		FanOutListener<Integer, Integer> listener = new FanOutListener<>() {
			@Override
			public void started(Integer target, int index) {
				started.add(index);
			}

			@Override
			public void finished(Outcome<Integer, Integer> outcome, int done, int total) {
				assertEquals(40, total);
				doneCounts.add(done);
				finishedTargets.add(outcome.target());
			}
		};
		FanOut.run(targets(40), 5, t -> t, listener);
		assertEquals(40, started.size());
		assertEquals(40, new HashSet<>(started).size());
		assertEquals(IntStream.rangeClosed(1, 40).boxed().collect(Collectors.toSet()), new HashSet<>(doneCounts));
		assertEquals(40, finishedTargets.size());
	}

	@Test
	void aThrowingListenerDoesNotBreakTheRun() throws Exception {
		FanOutReport<Integer, Integer> r = FanOut.run(targets(10), 3, t -> t, new FanOutListener<>() {
			@Override
			public void finished(Outcome<Integer, Integer> outcome, int done, int total) {
				throw new IllegalStateException("listener bug");
			}
		});
		assertTrue(r.allSucceeded());
	}

	@Test
	void cancelStopsPendingWorkAndInterruptsRunningWork() throws Exception {
		AtomicInteger startedCount = new AtomicInteger();
		CountDownLatch twoRunning = new CountDownLatch(2);
		List<Integer> finishedEvents = Collections.synchronizedList(new ArrayList<>());
		FanOut<Integer, Integer> run = FanOut.start(targets(50), 2, t -> {
			startedCount.incrementAndGet();
			twoRunning.countDown();
			Thread.sleep(10_000);
			return t;
		}, new FanOutListener<>() {
			@Override
			public void finished(Outcome<Integer, Integer> outcome, int done, int total) {
				finishedEvents.add(outcome.target());
			}
		});
		assertTrue(twoRunning.await(5, TimeUnit.SECONDS));
		long t0 = System.nanoTime();
		run.cancel();
		FanOutReport<Integer, Integer> r = run.await(Duration.ofSeconds(3));
		assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
		assertEquals(2, startedCount.get(), "no new target may start after cancel");
		assertEquals(50, r.cancelled().size());
		assertEquals(0, r.succeeded().size());
		assertInstanceOf(InterruptedException.class, r.outcomes().get(0).error());
		assertEquals(Duration.ZERO, r.outcomes().get(49).elapsed());
		assertEquals(50, finishedEvents.size(), "cancelled targets are reported too");
		assertTrue(run.isDone());
		assertTrue(run.isCancelled());
	}

	@Test
	void interruptingTheCallerCancelsTheRun() throws Exception {
		AtomicInteger startedCount = new AtomicInteger();
		Thread caller = new Thread(() -> {
			try {
				FanOut.run(targets(20), 2, t -> {
					startedCount.incrementAndGet();
					Thread.sleep(10_000);
					return t;
				}, null);
			} catch (InterruptedException e) {
				// expected
			}
		});
		caller.start();
		Thread.sleep(200);
		caller.interrupt();
		caller.join(2000);
		assertFalse(caller.isAlive());
		Thread.sleep(100);
		assertEquals(2, startedCount.get());
	}

	@Test
	void awaitWithTimeoutAndEdgeCases() throws Exception {
		FanOut<Integer, Integer> slow = FanOut.start(targets(1), 4, t -> {
			Thread.sleep(5_000);
			return t;
		}, null);
		assertThrows(TimeoutException.class, () -> slow.await(Duration.ofMillis(100)));
		assertEquals(0, slow.done());
		assertEquals(1, slow.total());
		slow.cancel();
		slow.await(Duration.ofSeconds(2));

		FanOutReport<Integer, Integer> empty = FanOut.run(List.of(), 4, t -> t, null);
		assertEquals(0, empty.outcomes().size());
		assertThrows(IllegalArgumentException.class, () -> FanOut.run(targets(2), 0, t -> t, null));
		// more parallelism than targets: one worker per target, not more
		FanOutReport<Integer, Integer> few = FanOut.run(targets(3), 50, t -> {
			Thread.sleep(50);
			return t;
		}, null);
		assertTrue(few.maxInFlight() <= 3);
	}
}
