package dev.fetchpipe.config;

/**
 * How files reach the disk.
 *
 * @param dispatcher  the config path of the dispatcher that runs every blocking file operation
 * @param poolSize    that dispatcher's thread count: how many files can be written at the same moment
 * @param fsync       flush each file to the device before it is renamed into place
 * @param streamAbove bodies larger than this, or of unknown size, stream to their temporary file as they arrive;
 *                    smaller ones are collected in memory and written in one step
 */
public record WriterSettings(String dispatcher, int poolSize, boolean fsync, long streamAbove) {}
