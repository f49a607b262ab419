package org.dinfra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/** Builds what is missing with Maven, so that one command works on a fresh checkout. */
final class Build {
	private Build() {
	}

	/** Builds the Karaf distribution when it is missing or older than its sources ({@link #stale}). */
	static void ensureDistribution(PrintWriter out) throws IOException, InterruptedException {
		Path root = Environment.root();
		Path marker = Environment.distribution().resolve("bin").resolve("karaf");
		if (!stale(root, marker)) {
			return;
		}
		out.println("Building the agent distribution (mvn install -DskipTests -pl karaf-distro -am) ...");
		out.flush();
		Process p = new ProcessBuilder("mvn", "-B", "-q", "install", "-DskipTests", "-pl", "karaf-distro", "-am")
				.directory(root.toFile()).inheritIO().start();
		if (p.waitFor() != 0) {
			throw new CliException("the build failed; see the Maven output above");
		}
		// built from what it is now: a source Maven had no reason to repackage for is not newer
		Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis()));
	}

	/**
	 * Whether a build output is missing or stale, by the one rule of the repository:
	 * {@code dinfra_sources_newer_than} in {@code scripts/lib.sh}, which the launcher and the
	 * scripts use too.
	 *
	 * @param root   the repository
	 * @param output the build output
	 * @return true when it is missing, a source is newer, or the rule cannot be asked
	 */
	static boolean stale(Path root, Path output) throws IOException, InterruptedException {
		if (!Files.exists(output)) {
			return true;
		}
		Process p = new ProcessBuilder("bash", "-c", "ROOT=\"$1\"; source \"$ROOT/scripts/lib.sh\" && dinfra_sources_newer_than \"$2\"",
				"dinfra", root.toString(), output.toAbsolutePath().toString()).redirectErrorStream(true).start();
		String newer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return p.waitFor() != 0 || !newer.isEmpty();
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		Files.walkFileTree(dir, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
				Files.delete(d);
				return FileVisitResult.CONTINUE;
			}
		});
	}
}
