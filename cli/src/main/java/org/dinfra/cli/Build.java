package org.dinfra.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/** Builds what is missing with Maven, so that one command works on a fresh checkout. */
final class Build {
	private Build() {
	}

	/** Builds the Karaf distribution when it is missing or older than any source or pom. */
	static void ensureDistribution(PrintWriter out) throws IOException, InterruptedException {
		Path root = Environment.root();
		Path marker = Environment.distribution().resolve("bin").resolve("karaf");
		if (Files.exists(marker) && !newerThan(root, Files.getLastModifiedTime(marker))) {
			return;
		}
		out.println("Building the agent distribution (mvn install -DskipTests -pl karaf-distro -am) ...");
		out.flush();
		Process p = new ProcessBuilder("mvn", "-B", "-q", "install", "-DskipTests", "-pl", "karaf-distro", "-am")
				.directory(root.toFile()).inheritIO().start();
		if (p.waitFor() != 0) {
			throw new CliException("the build failed; see the Maven output above");
		}
	}

	private static boolean newerThan(Path root, FileTime time) throws IOException {
		List<Path> sources = List.of(root.resolve("pom.xml"), root.resolve("bundles"), root.resolve("features"),
				root.resolve("karaf-distro"));
		for (Path s : sources) {
			if (!Files.exists(s)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(s)) {
				if (files.filter(f -> !f.toString().contains("/target/") && Files.isRegularFile(f)).anyMatch(f -> {
					try {
						return Files.getLastModifiedTime(f).compareTo(time) > 0;
					} catch (IOException e) {
						return true;
					}
				})) {
					return true;
				}
			}
		}
		return false;
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
