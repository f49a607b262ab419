package org.dinfra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dinfra.cli.provision.ProvisionCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./dinfra agent}: builds the distribution when missing or stale and runs it in the foreground. */
@Command(name = "agent", mixinStandardHelpOptions = true,
		description = {"Runs the Chain Reactor agent (the Karaf distribution) in the foreground, with its console.",
				"Builds the distribution first when it is missing or older than the sources. State (journal, content "
						+ "store, assignments, logs) is kept in $DINFRA_HOME/agent/data (default ~/.dinfra).",
				"Leave the console with 'logout' or Ctrl-D; that stops the agent.",
				"'./dinfra agent provision' makes a distribution serve given reactors and follow a chain as a provider."},
		subcommands = ProvisionCommand.class)
public final class AgentCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--no-build", description = "Run the distribution as it is; do not build it.")
	boolean noBuild;

	@Option(names = "--clean", description = "Forget the agent's state (journal, content, logs) before starting.")
	boolean clean;

	@Option(names = "--server", description = "Run without the console (as a service would), until interrupted.")
	boolean server;

	@Override
	public Integer call() throws IOException, InterruptedException {
		PrintWriter out = spec.commandLine().getOut();
		Path distro = Environment.distribution();
		if (!noBuild) {
			Build.ensureDistribution(out);
		}
		Path karaf = distro.resolve("bin").resolve("karaf");
		if (!Files.isExecutable(karaf)) {
			throw new CliException("no distribution at " + distro + "; run without --no-build");
		}
		Path data = Environment.agentData();
		if (clean) {
			Build.deleteTree(data);
		}
		Files.createDirectories(data);
		out.println("DINFRA agent: " + distro);
		out.println("  state:       " + data);
		out.println("  assignments: " + data.resolve("dinfra").resolve("assignments")
				+ "  (one <id>.json per deployment; ./dinfra descriptor put <file> gives the CID)");
		out.println("  status:      " + data.resolve("dinfra").resolve("status"));
		out.println("  log:         " + data.resolve("log").resolve("karaf.log"));
		out.flush();
		List<String> command = server ? List.of(karaf.toString(), "server") : List.of(karaf.toString());
		Map<String, String> env = new java.util.HashMap<>();
		env.put("KARAF_DATA", data.toString());
		if (System.getenv("JAVA_HOME") == null) {
			env.put("JAVA_HOME", System.getProperty("java.home"));
		}
		return ForegroundProcess.run(command, env, 60);
	}
}
