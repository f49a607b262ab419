package org.dinfra.cli;

import java.io.PrintWriter;

import org.dinfra.cli.chain.CancelCommand;
import org.dinfra.cli.chain.SubscribeCommand;
import org.dinfra.cli.chain.SubscriptionsCommand;
import org.dinfra.cli.chain.TopUpCommand;
import org.dinfra.cli.keys.KeysCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./dinfra}: the one command line entry point for everything outside the Karaf console.
 * Exit codes: 0 success, 1 the command failed (one {@code error:} line on stderr), 2 usage error.
 */
@Command(name = "dinfra", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
		description = "DINFRA: serve deployments arranged on a Substrate chain on your own infrastructure.",
		footer = {"", "The launcher also runs:",
				"  up      The whole loop on this machine: dev chain, agent, a deployment paid",
				"          for on chain; --type T for any reactor the distribution ships",
				"          (default docker-compose, on a Docker engine), --descriptor FILE,",
				"          --config FILE for the reactor's settings (./dinfra up --help).",
				"  down    Stops what ./dinfra up started, from another terminal."},
		subcommands = {AgentCommand.class, ChainCommand.class, DescriptorCommand.class, KeysCommand.class,
				SubscribeCommand.class, SubscriptionsCommand.class, CancelCommand.class, TopUpCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		spec.commandLine().usage(spec.commandLine().getOut());
	}

	/** Prints the version from the jar's manifest. */
	static final class Version implements CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			String v = Main.class.getPackage().getImplementationVersion();
			return new String[] {"dinfra " + (v == null ? "(development build)" : v)};
		}
	}

	/**
	 * Runs the command line.
	 *
	 * @param out  standard output
	 * @param err  standard error
	 * @param args the arguments
	 * @return the exit code
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine cl = new CommandLine(new Main());
		cl.setOut(out);
		cl.setErr(err);
		cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
			String message = e instanceof CliException ? e.getMessage() : e.toString();
			commandLine.getErr().println("error: " + message);
			commandLine.getErr().flush();
			return e instanceof CliException ce ? ce.exitCode() : 1;
		});
		int code = cl.execute(args);
		out.flush();
		err.flush();
		return code;
	}

	public static void main(String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}
}
