package org.dinfra.status.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.SourceStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves {@link StatusApi} below {@code /dinfra} through the OSGi HTTP Whiteboard (Pax Web in
 * Karaf). Every service it reads is optional and dynamic, so that the health check answers 503,
 * not 404, while core is down, and the assignment source's status comes and goes with its bundle.
 * Only GET (and HEAD) are served: the API is read-only.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(StatusApi.ROOT + "/*")
@HttpWhiteboardServletName("dinfra-status")
public final class StatusServlet extends HttpServlet {
	private static final long serialVersionUID = 1L;

	private final transient StatusApi api = new StatusApi();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile Deployments deployments;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile DescriptorTypes types;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile AgentMetrics metrics;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile SourceStatus source;

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		StatusApi.Response r = api.get(request.getPathInfo(), new AgentView(deployments, types, metrics, source));
		byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
		response.setStatus(r.status());
		response.setContentType(r.contentType());
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}
}
