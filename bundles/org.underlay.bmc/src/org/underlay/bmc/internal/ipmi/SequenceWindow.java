package org.underlay.bmc.internal.ipmi;

/**
 * Replay protection for the BMC's session sequence numbers (IPMI 2.0 spec 6.12.13, RMCP+ sliding window): a number
 * is accepted once, and only within a window of 32 around the highest accepted so far, up to {@value #AHEAD} above
 * it (later packets may have been lost) and up to {@value #BEHIND} below it (earlier packets may arrive late).
 * Duplicates and numbers outside the window are rejected: a datagram recorded earlier in the session and sent again
 * carries a valid AuthCode, and only its sequence number gives it away. Zero is never used inside a session.
 *
 * <p>The first number of a session is taken as it comes (BMCs start at 1, some off by one); the session ID and
 * AuthCode, checked before, already tie the packet to this session. Arithmetic is modulo 2^32. Not thread-safe.
 */
public final class SequenceWindow {

	public static final int AHEAD = 15;
	public static final int BEHIND = 16;

	private boolean started;
	private long highest;
	/** Bit i set: {@code highest - i} was accepted (bit 0 is {@code highest} itself). */
	private int seen;

	/** Forgets everything: a new session starts its numbers afresh. */
	public void reset() {
		started = false;
		highest = 0;
		seen = 0;
	}

	/**
	 * Whether {@code sequence} would be accepted now, without recording it.
	 *
	 * @return {@code null} if it would, else why not (for logs and messages)
	 */
	public String check(int sequence) {
		long seq = sequence & 0xFFFF_FFFFL;
		if (seq == 0) {
			return "session sequence number 0";
		}
		if (!started) {
			return null;
		}
		long ahead = (seq - highest) & 0xFFFF_FFFFL;
		if (ahead == 0) {
			return "replayed session sequence number " + seq;
		}
		if (ahead <= AHEAD) {
			return null;
		}
		long behind = (highest - seq) & 0xFFFF_FFFFL;
		if (behind <= BEHIND) {
			return (seen & (1 << behind)) != 0 ? "replayed session sequence number " + seq : null;
		}
		return "session sequence number " + seq + " outside the window around " + highest;
	}

	/**
	 * Records an accepted number; call only after {@link #check} said yes and the packet passed every other check.
	 */
	public void record(int sequence) {
		long seq = sequence & 0xFFFF_FFFFL;
		if (!started) {
			started = true;
			highest = seq;
			seen = 1;
			return;
		}
		long ahead = (seq - highest) & 0xFFFF_FFFFL;
		if (ahead != 0 && ahead <= AHEAD) {
			seen = (seen << ahead) | 1;
			highest = seq;
		} else {
			long behind = (highest - seq) & 0xFFFF_FFFFL;
			if (behind <= BEHIND) {
				seen |= 1 << behind;
			}
		}
	}

	/** {@link #check} and, if accepted, {@link #record}. */
	public String accept(int sequence) {
		String refused = check(sequence);
		if (refused == null) {
			record(sequence);
		}
		return refused;
	}
}
