package org.dinfra.reactor.dockercompose.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorStatus;

/**
 * A container of a deployment, as {@code docker ps -a} lists it.
 *
 * @param id           the container id
 * @param subscription the deployment id label, unparsed
 * @param service      the Compose service
 * @param state        created, running, restarting, paused, exited, dead, removing
 * @param status       for humans: {@code Up 3 seconds (healthy)}
 * @param ports        {@code 127.0.0.1:20080->8080/tcp, ...}
 */
record Container(String id, String subscription, String service, String state, String status, String ports) {
	/** The {@code docker ps --format} template whose lines {@link #parse} reads. */
	static final String FORMAT = "{{.ID}}\t{{.Label \"" + ComposeFile.LABEL_SUBSCRIPTION + "\"}}\t{{.Label \""
			+ ComposeFile.LABEL_SERVICE + "\"}}\t{{.State}}\t{{.Status}}\t{{.Ports}}";

	private static final Pattern PORT = Pattern.compile("(\\[[^\\]]+\\]|[^\\s,]+?):(\\d+)->(\\d+)/(tcp|udp)");

	/** @return the containers of {@code docker ps --format FORMAT} output */
	static List<Container> parse(String output) {
		List<Container> all = new ArrayList<>();
		for (String line : output.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t", -1);
			if (f.length < 6) {
				throw new IllegalArgumentException("unexpected docker ps line: " + line);
			}
			all.add(new Container(f[0], f[1], f[2], f[3].toLowerCase(Locale.ROOT), f[4], f[5]));
		}
		return all;
	}

	boolean running() {
		return state.equals("running");
	}

	/** @return whether it runs and, when it has a health check, is healthy */
	boolean ready() {
		return running() && !status.contains("(health: starting)") && !status.contains("(unhealthy)");
	}

	boolean unhealthy() {
		return status.contains("(unhealthy)");
	}

	/** @return whether it stopped and will not start again by itself */
	boolean stopped() {
		return state.equals("exited") || state.equals("dead");
	}

	/** @return its published ports as endpoints, {@code service:target/proto -> tcp://address:port} */
	List<Endpoint> endpoints() {
		List<Endpoint> e = new ArrayList<>();
		Matcher m = PORT.matcher(ports);
		while (m.find()) {
			e.add(new Endpoint(service + ":" + m.group(3) + "/" + m.group(4),
					("udp".equals(m.group(4)) ? "udp" : "tcp") + "://" + m.group(1) + ":" + m.group(2)));
		}
		return e;
	}

	/**
	 * @param id         the deployment id
	 * @param containers its containers (not empty)
	 * @param expected   the services it should have, or empty when unknown
	 * @return its state: TEARING_DOWN while a container is being removed, FAILED when a container
	 *         stopped, RUNNING when every expected service has a ready container, else DEPLOYING;
	 *         endpoints sorted by name
	 */
	static ReactorStatus status(long id, Collection<Container> containers, Set<String> expected) {
		List<String> problems = new ArrayList<>();
		List<String> waiting = new ArrayList<>();
		Set<String> present = new TreeSet<>();
		List<Endpoint> endpoints = new ArrayList<>();
		for (Container c : containers) {
			present.add(c.service());
			if (c.stopped()) {
				problems.add("service " + c.service() + " stopped: " + c.status());
			} else if (!c.ready()) {
				waiting.add("service " + c.service() + ": " + c.status());
			}
			endpoints.addAll(c.endpoints());
		}
		for (String s : expected) {
			if (!present.contains(s)) {
				waiting.add("service " + s + " has no container yet");
			}
		}
		endpoints.sort((a, b) -> a.name().compareTo(b.name()));
		if (containers.stream().anyMatch(c -> c.state().equals("removing"))) {
			return new ReactorStatus(id, DeploymentState.TEARING_DOWN, List.of(), "containers are being removed");
		}
		if (!problems.isEmpty()) {
			return new ReactorStatus(id, DeploymentState.FAILED, List.of(), String.join("; ", problems));
		}
		if (!waiting.isEmpty()) {
			return new ReactorStatus(id, DeploymentState.DEPLOYING, List.of(), String.join("; ", waiting));
		}
		return new ReactorStatus(id, DeploymentState.RUNNING, endpoints, containers.size() + " containers running");
	}
}
