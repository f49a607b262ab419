package org.dinfra.reactor.cloudstack.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs CloudStack API requests exactly as CloudStack's {@code ApiServer.verifyRequest} checks them:
 * every parameter except {@code signature}, sorted by name ({@link String#compareTo}, as its
 * {@code Collections.sort} of the parameter names), each {@code name=value} with the value
 * {@code URLEncoder}-encoded in UTF-8 and {@code +} replaced by {@code %20} (names are not
 * encoded), joined with {@code &}, the whole string lower-cased, HMAC-SHA1 with the secret key,
 * Base64.
 *
 * <p>CloudStack's documentation ("Signing API Requests") describes the same steps; the
 * differences of the two reference clients (PyPI {@code cs}, Apache Libcloud) from the server in
 * corner cases are covered by {@code CrossClientSigningTest}.
 */
final class CloudStackSigner {
	/** The parameter that carries the signature; never part of what is signed. */
	static final String SIGNATURE = "signature";

	private CloudStackSigner() {
	}

	/**
	 * @param params the request's parameters (names as sent, values decoded)
	 * @return the string that is HMAC'd: sorted, encoded, joined and lower-cased
	 */
	static String canonical(Map<String, String> params) {
		List<String> names = new ArrayList<>();
		for (String name : params.keySet()) {
			if (!SIGNATURE.equalsIgnoreCase(name)) {
				names.add(name);
			}
		}
		names.sort(null);
		StringBuilder s = new StringBuilder();
		for (String name : names) {
			if (s.length() > 0) {
				s.append('&');
			}
			s.append(name).append('=').append(encode(params.get(name)));
		}
		return s.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param params    the request's parameters, {@code apikey} and {@code command} included
	 * @param secretKey the account's secret key
	 * @return the value of the {@code signature} parameter (Base64, not yet URL-encoded)
	 */
	static String sign(Map<String, String> params, String secretKey) {
		return hmacSha1Base64(canonical(params), secretKey);
	}

	/**
	 * @param value a parameter value
	 * @return {@code URLEncoder.encode(value, UTF-8)} with {@code +} as {@code %20}, as CloudStack signs values
	 */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String hmacSha1Base64(String text, String secretKey) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException | InvalidKeyException e) {
			throw new IllegalStateException("HmacSHA1 unavailable", e);
		}
	}
}
