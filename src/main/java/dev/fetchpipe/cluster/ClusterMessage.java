package dev.fetchpipe.cluster;

/**
 * Marks a message that travels between the nodes of a cluster of daemons: Pekko serializes every one of them with
 * Jackson as CBOR (the binding is in reference.conf), never with Java serialization. Each is a plain record.
 */
public interface ClusterMessage {}
