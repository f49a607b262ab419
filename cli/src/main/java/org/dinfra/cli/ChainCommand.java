package org.dinfra.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dinfra chain}: the dev chain (the DINFRA runtime served by Chopsticks) in the foreground. */
@Command(name = "chain", mixinStandardHelpOptions = true,
		description = {"Runs the dev chain in the foreground until interrupted: the DINFRA parachain runtime served "
				+ "by Chopsticks in genesis mode on 127.0.0.1, producing blocks on a timer, with ed25519 dev accounts "
				+ "(//Alice ... //Ferdie) funded.",
				"Builds the runtime WASM and the raw chain spec first when they are missing (see parachain/README.md)."})
public final class ChainCommand implements Callable<Integer> {
	@Option(names = "--port", paramLabel = "P", description = "WebSocket JSON-RPC port (default ${DEFAULT-VALUE}).")
	int port = 9944;

	@Option(names = "--block-time-ms", paramLabel = "N", description = "Block time in ms (default ${DEFAULT-VALUE}).")
	long blockTimeMs = 6000;

	@Override
	public Integer call() throws IOException, InterruptedException {
		if (port < 1 || port > 65535) {
			throw new CliException("--port must be between 1 and 65535");
		}
		if (blockTimeMs < 100) {
			throw new CliException("--block-time-ms must be at least 100");
		}
		Path script = Environment.root().resolve("parachain").resolve("scripts").resolve("chain.sh");
		if (!Files.isExecutable(script)) {
			throw new CliException("no dev chain script at " + script);
		}
		List<String> command = new ArrayList<>(List.of(script.toString(), "--port", String.valueOf(port),
				"--block-time-ms", String.valueOf(blockTimeMs)));
		return ForegroundProcess.run(command, java.util.Map.of(), 30);
	}
}
