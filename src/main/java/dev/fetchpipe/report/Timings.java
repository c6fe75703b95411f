package dev.fetchpipe.report;

/**
 * When one URL passed each step, in milliseconds since the job started; null for a step it never reached.
 *
 * @param queuedMs    put in the supervisor's queue
 * @param startedMs   its fetcher started and sent the request
 * @param firstByteMs the response's status line and headers arrived
 * @param bodyDoneMs  the whole body arrived
 * @param doneMs      the file was written and renamed into place, or the URL failed
 */
public record Timings(Double queuedMs, Double startedMs, Double firstByteMs, Double bodyDoneMs, Double doneMs) {}
