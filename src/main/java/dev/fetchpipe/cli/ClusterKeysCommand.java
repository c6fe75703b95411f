package dev.fetchpipe.cli;

import dev.fetchpipe.config.ClusterKeyMaker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cluster-keys", description = "Make the keys the nodes of a cluster of daemons prove their membership "
    + "with (docs/cluster.md).",
    footer = {"", "The first time, DIR/ca is made: the cluster's certificate authority, which signs node keys. Keep it "
        + "where it is: no node needs it, and whoever has it can make members.",
        "Each run makes a node folder signed by it (DIR/node, or --node NAME): copy it to a machine (scp -rp keeps its "
        + "modes) and start the daemon there with --cluster --cluster-keys FOLDER. Every node may share one folder, "
        + "or each have its own.",
        "Exit status: 0 made, 2 bad usage (the node folder exists already, or keytool failed)."})
final class ClusterKeysCommand implements Callable<Integer> {

  @ParentCommand
  Main main;

  @Parameters(paramLabel = "DIR", description = "The cluster's keys folder; made when missing (mode 0700).")
  Path dir;

  @Option(names = "--node", paramLabel = "NAME", defaultValue = ClusterKeyMaker.DEFAULT_NODE,
      description = "The node folder's name under DIR (default node).")
  String node;

  @Override
  public Integer call() {
    ClusterKeyMaker.Made made = ClusterKeyMaker.make(dir.toAbsolutePath().normalize(), node);
    PrintStream out = main.out();
    if (made.caMadeNow()) {
      out.println("Made the cluster's certificate authority in " + made.caDir() + " (keep it there: no node needs it).");
    }
    out.println("Made a node's keys in " + made.nodeDir() + ": copy that folder to each machine (scp -rp), then start");
    out.println("  fetchpipe daemon --cluster --cluster-keys " + made.nodeDir() + " --seed HOST:PORT ...");
    return ExitCodes.OK;
  }
}
