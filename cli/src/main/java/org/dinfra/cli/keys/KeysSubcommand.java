package org.dinfra.cli.keys;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.dinfra.keys.api.KeyException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code keys} subcommand shares: the library, the streams, and bad input as exit code 1. */
abstract class KeysSubcommand implements Callable<Integer> {
	static final String PREFIX_HELP = "SS58 network prefix, 0..16383 (42 generic Substrate, 0 Polkadot, 2 Kusama; default ${DEFAULT-VALUE})";

	@ParentCommand
	KeysCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	boolean help;

	@Override
	public final Integer call() {
		try {
			run(spec.commandLine().getOut());
			spec.commandLine().getOut().flush();
			return 0;
		} catch (KeyException e) {
			PrintWriter err = spec.commandLine().getErr();
			err.println("error: " + e.getMessage());
			err.flush();
			return 1;
		}
	}

	abstract void run(PrintWriter out) throws KeyException;
}
