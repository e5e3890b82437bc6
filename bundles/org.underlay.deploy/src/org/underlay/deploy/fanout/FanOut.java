package org.underlay.deploy.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs one operation on many targets with at most {@code parallelism} at a time. Exactly
 * {@code min(parallelism, targets)} worker threads take targets in list order; they end when the work is done, so a
 * finished run leaves no thread behind. A failing target does not stop the others. {@link #cancel()} stops pending
 * targets (reported {@link Outcome.Status#CANCELLED}) and interrupts running ones.
 *
 * <pre>
 * FanOutReport&lt;Host, ExecResult&gt; r = FanOut.run(hosts, 16, h -&gt; ssh(h).exec("uname -r", timeout), listener);
 * </pre>
 */
public final class FanOut<T, R> {

	private final List<T> targets;
	private final int parallelism;
	private final MachineOperation<T, R> operation;
	private final FanOutListener<T, R> listener;
	private final AtomicReferenceArray<Outcome<T, R>> outcomes;
	private final AtomicInteger next = new AtomicInteger();
	private final AtomicInteger done = new AtomicInteger();
	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicInteger maxInFlight = new AtomicInteger();
	private final List<Thread> workers = new ArrayList<>();
	private final CountDownLatch finished;
	private volatile boolean cancelled;
	private long startNanos;
	private volatile long elapsedNanos;

	private FanOut(List<T> targets, int parallelism, MachineOperation<T, R> operation,
			FanOutListener<T, R> listener) {
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
		}
		this.targets = List.copyOf(targets);
		this.parallelism = parallelism;
		this.operation = Objects.requireNonNull(operation, "operation");
		this.listener = listener == null ? new FanOutListener<>() { } : listener;
		this.outcomes = new AtomicReferenceArray<>(this.targets.size());
		this.finished = new CountDownLatch(1);
	}

	/** Starts the run and returns at once; {@link #await()} for the report. */
	public static <T, R> FanOut<T, R> start(List<T> targets, int parallelism, MachineOperation<T, R> operation,
			FanOutListener<T, R> listener) {
		FanOut<T, R> run = new FanOut<>(targets, parallelism, operation, listener);
		run.begin();
		return run;
	}

	/** Runs to completion on worker threads and returns the report (interrupting the caller cancels the run). */
	public static <T, R> FanOutReport<T, R> run(List<T> targets, int parallelism, MachineOperation<T, R> operation,
			FanOutListener<T, R> listener) throws InterruptedException {
		FanOut<T, R> run = start(targets, parallelism, operation, listener);
		try {
			return run.await();
		} catch (InterruptedException e) {
			run.cancel();
			throw e;
		}
	}

	private void begin() {
		startNanos = System.nanoTime();
		int n = Math.min(parallelism, targets.size());
		if (n == 0) {
			elapsedNanos = 0;
			finished.countDown();
			return;
		}
		AtomicInteger running = new AtomicInteger(n);
		synchronized (workers) {
			for (int i = 0; i < n; i++) {
				Thread t = new Thread(() -> {
					try {
						work();
					} finally {
						if (running.decrementAndGet() == 0) {
							end();
						}
					}
				}, "underlay-fanout-" + i);
				t.setDaemon(true);
				workers.add(t);
			}
			workers.forEach(Thread::start);
		}
	}

	private void work() {
		int i;
		while (!cancelled && (i = next.getAndIncrement()) < targets.size()) {
			T target = targets.get(i);
			int index = i;
			int now = inFlight.incrementAndGet();
			maxInFlight.accumulateAndGet(now, Math::max);
			long t0 = System.nanoTime();
			Outcome<T, R> outcome;
			try {
				safe(() -> listener.started(target, index));
				R value = operation.apply(target);
				outcome = new Outcome<>(target, i, Outcome.Status.SUCCEEDED, value, null, since(t0));
			} catch (InterruptedException e) {
				outcome = new Outcome<>(target, i, Outcome.Status.CANCELLED, null, e, since(t0));
			} catch (Exception e) {
				Outcome.Status s = cancelled ? Outcome.Status.CANCELLED : Outcome.Status.FAILED;
				outcome = new Outcome<>(target, i, s, null, e, since(t0));
			} catch (Error e) {
				outcome = new Outcome<>(target, i, Outcome.Status.FAILED, null, new RuntimeException(e), since(t0));
			} finally {
				inFlight.decrementAndGet();
			}
			// A cancel may have interrupted this worker; clear it so the next listener call is not disturbed.
			Thread.interrupted();
			record(outcome);
		}
	}

	private void record(Outcome<T, R> outcome) {
		outcomes.set(outcome.index(), outcome);
		int d = done.incrementAndGet();
		safe(() -> listener.finished(outcome, d, targets.size()));
	}

	private void end() {
		// Targets never started (cancelled run).
		for (int i = 0; i < targets.size(); i++) {
			if (outcomes.get(i) == null) {
				record(new Outcome<>(targets.get(i), i, Outcome.Status.CANCELLED, null, null, Duration.ZERO));
			}
		}
		elapsedNanos = System.nanoTime() - startNanos;
		finished.countDown();
	}

	private static Duration since(long t0) {
		return Duration.ofNanos(System.nanoTime() - t0);
	}

	private static void safe(Runnable r) {
		try {
			r.run();
		} catch (RuntimeException e) {
			// A broken listener must not break the run.
		}
	}

	/** Stops pending targets and interrupts running operations. Idempotent. */
	public void cancel() {
		cancelled = true;
		synchronized (workers) {
			workers.forEach(Thread::interrupt);
		}
	}

	public boolean isCancelled() {
		return cancelled;
	}

	public boolean isDone() {
		return finished.getCount() == 0;
	}

	/** Targets finished so far (any status). */
	public int done() {
		return done.get();
	}

	public int total() {
		return targets.size();
	}

	/** Waits for the end of the run. */
	public FanOutReport<T, R> await() throws InterruptedException {
		finished.await();
		return report();
	}

	/** Waits at most {@code timeout}. */
	public FanOutReport<T, R> await(Duration timeout) throws InterruptedException, TimeoutException {
		if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new TimeoutException("fan-out not finished after " + timeout.toMillis() + " ms (" + done()
					+ " of " + total() + " done)");
		}
		return report();
	}

	private FanOutReport<T, R> report() {
		List<Outcome<T, R>> list = new ArrayList<>(targets.size());
		for (int i = 0; i < targets.size(); i++) {
			list.add(outcomes.get(i));
		}
		return new FanOutReport<>(list, Duration.ofNanos(elapsedNanos), maxInFlight.get());
	}
}
