package org.dinfra.status.internal.command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dinfra.status.internal.DeploymentLogs;

/**
 * Prints the log of one deployment (every line the agent and its reactor wrote while working on
 * it), optionally following it as {@code tail -f} does until Ctrl-C.
 */
@Service
@Command(scope = "dinfra", name = "deployment-log",
		description = "Shows the log of one deployment (data/log/deployments/<id>.log); -f follows it.")
public class DeploymentLogCommand implements Action {
	private static final long POLL_MS = 250;

	@Reference
	Session session;

	@Argument(index = 0, name = "id", description = "The deployment id", required = true)
	String id;

	@Option(name = "-f", aliases = "--follow", description = "Keep printing lines as they are written, until Ctrl-C")
	boolean follow;

	@Option(name = "-n", aliases = "--lines", description = "Print only the last N lines (0: all)")
	int lines;

	@Override
	public Object execute() throws Exception {
		Path file = DeploymentLogs.of(id);
		// The session's console, as log:tail writes: System.out reaches an SSH client only once the
		// command ends, which a follow never does.
		PrintStream out = session != null ? session.getConsole() : System.out;
		if (!Files.exists(file) && !follow) {
			System.err.println("error: no log for deployment " + id + " (" + file
					+ "); nothing was logged for it yet, or etc/org.ops4j.pax.logging.cfg does not route deployments");
			return null;
		}
		long offset = 0;
		if (Files.exists(file)) {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			int from = lines > 0 ? Math.max(0, all.size() - lines) : 0;
			all.subList(from, all.size()).forEach(out::println);
			out.flush();
			offset = Files.size(file);
		}
		while (follow && !Thread.currentThread().isInterrupted()) {
			try {
				Thread.sleep(POLL_MS);
			} catch (InterruptedException e) {
				break;
			}
			offset = printFrom(file, offset, out);
		}
		return null;
	}

	/** Prints what was appended since {@code offset}; starts over when the file was truncated or rolled. */
	private static long printFrom(Path file, long offset, PrintStream out) throws IOException {
		if (!Files.exists(file)) {
			return offset;
		}
		long size = Files.size(file);
		if (size < offset) {
			offset = 0;
		}
		if (size == offset) {
			return offset;
		}
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
			f.seek(offset);
			byte[] bytes = new byte[(int) Math.min(size - offset, 1 << 20)];
			f.readFully(bytes);
			out.print(new String(bytes, StandardCharsets.UTF_8));
			out.flush();
			return offset + bytes.length;
		}
	}
}
