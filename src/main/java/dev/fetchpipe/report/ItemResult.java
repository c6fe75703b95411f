package dev.fetchpipe.report;

/**
 * The final state of one URL: one line of the report.
 *
 * @param index        its place in the job, from 0
 * @param status       the last HTTP status received, or null when none was
 * @param bytes        the size of the saved file (0 unless OK)
 * @param sha256       the saved file's SHA-256 in hex, or null
 * @param path         where the file was saved, or null
 * @param error        why it is not OK, or null
 * @param writerThread the thread that wrote the file, or null
 */
public record ItemResult(
    int index,
    String url,
    Outcome outcome,
    Integer status,
    long bytes,
    String sha256,
    String path,
    String error,
    String writerThread,
    Timings timings) {}
