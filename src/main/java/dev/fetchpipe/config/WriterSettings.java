package dev.fetchpipe.config;

/**
 * How files reach the disk.
 *
 * @param dispatcher the config path of the dispatcher that runs every blocking file operation
 * @param poolSize   that dispatcher's thread count: how many files can be written at the same moment
 * @param fsync      flush each file to the device before it is renamed into place
 */
public record WriterSettings(String dispatcher, int poolSize, boolean fsync) {}
