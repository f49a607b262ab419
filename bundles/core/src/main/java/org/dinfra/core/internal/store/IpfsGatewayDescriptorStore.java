package org.dinfra.core.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.DescriptorStore;
import org.dinfra.core.api.ReasonCode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches descriptors from an IPFS HTTP gateway as raw blocks (the trustless gateway protocol:
 * {@code GET /ipfs/<cid>?format=raw}, {@code Accept: application/vnd.ipld.raw}) and verifies
 * them against the CID, so the gateway need not be trusted. Active only when configured.
 */
@Component(service = DescriptorStore.class, configurationPid = IpfsGatewayDescriptorStore.PID,
		configurationPolicy = ConfigurationPolicy.REQUIRE, property = "service.ranking:Integer=50")
@Designate(ocd = IpfsGatewayDescriptorStore.Config.class)
public final class IpfsGatewayDescriptorStore implements DescriptorStore {
	/** Configuration PID, the name of its .cfg file. */
	public static final String PID = "org.dinfra.core.store.ipfs";
	/** The media type of a raw block in the trustless gateway protocol. */
	public static final String RAW_BLOCK = "application/vnd.ipld.raw";

	@ObjectClassDefinition(name = "DINFRA IPFS gateway descriptor store",
			description = "Fetches descriptors as raw blocks from an IPFS HTTP gateway and verifies them.")
	public @interface Config {
		@AttributeDefinition(name = "Gateway URL",
				description = "Base URL of the gateway, for example http://127.0.0.1:8080 (a local IPFS node).")
		String url();

		@AttributeDefinition(name = "Timeout (seconds)", description = "Connect and read timeout of one fetch.")
		int timeoutSeconds() default 30;

		@AttributeDefinition(name = "Maximum descriptor size",
				description = "Descriptors larger than this many bytes are refused.")
		long maxBytes() default Descriptors.DEFAULT_MAX_BYTES;
	}

	private final HttpUrl base;
	private final long maxBytes;
	private final OkHttpClient client;

	@Activate
	public IpfsGatewayDescriptorStore(Config config) {
		this(config.url(), Duration.ofSeconds(config.timeoutSeconds()), config.maxBytes());
	}

	/**
	 * @param url      the gateway's base URL
	 * @param timeout  connect/read timeout
	 * @param maxBytes the largest descriptor accepted
	 */
	public IpfsGatewayDescriptorStore(String url, Duration timeout, long maxBytes) {
		HttpUrl parsed = url == null ? null : HttpUrl.parse(url.trim());
		if (parsed == null) {
			throw new IllegalArgumentException("invalid IPFS gateway URL: '" + url + "'");
		}
		this.base = parsed;
		this.maxBytes = maxBytes;
		this.client = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout.multipliedBy(2))
				.followRedirects(true).build();
	}

	@Override
	public String name() {
		return "ipfs-gateway:" + base;
	}

	@Override
	public byte[] fetch(Cid cid) throws DescriptorException {
		Descriptors.requireVerifiable(cid);
		HttpUrl url = base.newBuilder().addPathSegment("ipfs").addPathSegment(cid.toString())
				.addQueryParameter("format", "raw").build();
		Request request = new Request.Builder().url(url).header("Accept", RAW_BLOCK).get().build();
		try (Response response = client.newCall(request).execute()) {
			if (response.code() == 404 || response.code() == 410) {
				throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE,
						"descriptor " + cid + " not found at " + name());
			}
			if (!response.isSuccessful()) {
				throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE,
						"gateway " + base + " answered HTTP " + response.code() + " for " + cid);
			}
			ResponseBody body = response.body();
			long declared = body.contentLength();
			if (declared > maxBytes) {
				throw new DescriptorException(ReasonCode.DESCRIPTOR_TOO_LARGE,
						"descriptor " + cid + " is " + declared + " bytes; the limit is " + maxBytes);
			}
			byte[] bytes;
			try (InputStream in = body.byteStream()) {
				bytes = Descriptors.readLimited(in, maxBytes, cid);
			}
			return Descriptors.verified(cid, bytes, name());
		} catch (IOException e) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_UNAVAILABLE,
					"cannot fetch " + cid + " from " + name() + ": " + e.getMessage(), e);
		}
	}

	@Deactivate
	public void close() {
		client.dispatcher().executorService().shutdown();
		client.connectionPool().evictAll();
	}
}
