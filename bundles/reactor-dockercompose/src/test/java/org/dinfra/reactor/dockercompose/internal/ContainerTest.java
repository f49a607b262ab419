package org.dinfra.reactor.dockercompose.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Set;

import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.ReactorStatus;
import org.junit.Test;

public class ContainerTest {
	private static Container c(String service, String state, String status, String ports) {
		return new Container("id-" + service, "7", service, state, status, ports);
	}

	@Test
	public void psLinesAreReadFieldByField() {
		List<Container> all = Container.parse("abc\t7\tweb\trunning\tUp 3 seconds (healthy)\t127.0.0.1:20080->8080/tcp\n"
				+ "def\t7\tdb\tcreated\tCreated\t\n");
		assertEquals(2, all.size());
		assertEquals(new Container("abc", "7", "web", "running", "Up 3 seconds (healthy)", "127.0.0.1:20080->8080/tcp"),
				all.get(0));
		assertEquals("", all.get(1).ports());
	}

	@Test
	public void publishedPortsBecomeEndpointsUnpublishedOnesDoNot() {
		Container web = c("web", "running", "Up", "127.0.0.1:20080->8080/tcp, 8081/tcp, [::1]:20053->53/udp");
		assertEquals(List.of(new Endpoint("web:8080/tcp", "tcp://127.0.0.1:20080"),
				new Endpoint("web:53/udp", "udp://[::1]:20053")), web.endpoints());
	}

	@Test
	public void runningOnlyWhenEveryExpectedServiceIsReady() {
		ReactorStatus s = Container.status(7, List.of(c("web", "running", "Up 1 second (health: starting)", "")), Set.of("web"));
		assertEquals(DeploymentState.DEPLOYING, s.state());
		s = Container.status(7, List.of(c("web", "running", "Up 1 second (healthy)", "")), Set.of("web", "db"));
		assertEquals(DeploymentState.DEPLOYING, s.state());
		assertEquals("service db has no container yet", s.message());
		s = Container.status(7, List.of(c("web", "running", "Up 1 second", "127.0.0.1:20080->8080/tcp"),
				c("db", "running", "Up 1 second (healthy)", "")), Set.of("web", "db"));
		assertEquals(DeploymentState.RUNNING, s.state());
		assertEquals(List.of(new Endpoint("web:8080/tcp", "tcp://127.0.0.1:20080")), s.endpoints());
	}

	@Test
	public void aStoppedContainerFailsTheDeployment() {
		ReactorStatus s = Container.status(7, List.of(c("web", "running", "Up", ""), c("job", "exited", "Exited (3) 1 second ago", "")),
				Set.of());
		assertEquals(DeploymentState.FAILED, s.state());
		assertEquals("service job stopped: Exited (3) 1 second ago", s.message());
	}

	@Test
	public void aContainerBeingRemovedMeansTearingDown() {
		ReactorStatus s = Container.status(7, List.of(c("web", "removing", "Removal In Progress", ""), c("db", "exited", "Exited (0)", "")),
				Set.of("web", "db"));
		assertEquals(DeploymentState.TEARING_DOWN, s.state());
	}
}
