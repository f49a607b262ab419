package org.dinfra.chain.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.ProviderStatus;
import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.TypeStatus;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the provider's on-chain registration in step with what the agent serves: registers it
 * when absent, updates its offers, capacity and metadata when they differ from the installed
 * reactors and the configuration, and (when allowed) registers descriptor types the chain does
 * not know yet. An agent with no reactor installed leaves the chain as it is rather than
 * withdrawing every offer.
 */
public final class ProviderRegistration {
	private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistration.class);

	/**
	 * What the provider wants to be on chain.
	 *
	 * @param defaultPrice  price per block of a type not in {@code prices}
	 * @param prices        per type prices
	 * @param capacity      maximum concurrent deployments
	 * @param name          display name
	 * @param region        region
	 * @param contact       contact
	 * @param registerTypes whether unknown types are registered (holding the type deposit)
	 */
	record Settings(BigInteger defaultPrice, Map<String, BigInteger> prices, int capacity, String name, String region, String contact,
			boolean registerTypes) {
		BigInteger price(String type) {
			return prices.getOrDefault(type, defaultPrice);
		}

		/**
		 * @param defaultPrice the price of every type, a decimal integer
		 * @param prices       {@code type=price,...}
		 * @return the parsed prices
		 * @throws IllegalArgumentException naming the bad entry
		 */
		static Map<String, BigInteger> parsePrices(String prices) {
			Map<String, BigInteger> out = new LinkedHashMap<>();
			for (String entry : prices.split(",")) {
				String e = entry.trim();
				if (e.isEmpty()) {
					continue;
				}
				int eq = e.indexOf('=');
				if (eq <= 0) {
					throw new IllegalArgumentException("prices: expected type=price, got '" + e + "'");
				}
				out.put(e.substring(0, eq).trim(), parsePrice("prices: " + e.substring(0, eq).trim(), e.substring(eq + 1).trim()));
			}
			return out;
		}

		static BigInteger parsePrice(String what, String text) {
			BigInteger p;
			try {
				p = new BigInteger(text);
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(what + ": not an integer amount: '" + text + "'");
			}
			if (p.signum() <= 0) {
				throw new IllegalArgumentException(what + ": the price must be positive");
			}
			return p;
		}
	}

	/** An offer: a type at a price per block. */
	public record Offer(String type, BigInteger price) {
		@Override
		public String toString() {
			return type + " at " + price + " per block";
		}
	}

	/** The provider as the chain has it. */
	public record OnChain(ProviderStatus status, List<Offer> offers, int capacity, int assigned, String name, String region, String contact,
			BigInteger deposit) {
		/**
		 * @param address the provider's address, as shown
		 * @return the registration as lines for a console
		 */
		public String describe(String address) {
			StringBuilder b = new StringBuilder();
			b.append(String.format("%-10s%s%n", "Provider", address));
			b.append(String.format("%-10s%s%n", "Status", status));
			b.append(String.format("%-10s%d of %d assigned%n", "Capacity", assigned, capacity));
			for (Offer o : offers) {
				b.append(String.format("%-10s%s%n", "Offer", o));
			}
			b.append(String.format("%-10s%s%n", "Name", name));
			b.append(String.format("%-10s%s%n", "Region", region));
			b.append(String.format("%-10s%s%n", "Contact", contact));
			b.append(String.format("%-10s%s%n", "Deposit", deposit));
			return b.toString();
		}
	}

	/**
	 * What would be done.
	 *
	 * @param current    the registration on chain, if any
	 * @param offers     the offers wanted
	 * @param newTypes   types to register first
	 * @param action     {@code register}, {@code update} or {@code none}
	 * @param notes      why types are left out, or why nothing is done
	 */
	public record Plan(Optional<OnChain> current, List<Offer> offers, List<DescriptorType> newTypes, String action, List<String> notes) {
		/** @return what would be sent, for a console */
		public String describe() {
			StringBuilder b = new StringBuilder();
			for (DescriptorType t : newTypes) {
				b.append(Call.REGISTER_TYPE.callName()).append(' ').append(t.id()).append('\n');
			}
			switch (action) {
				case "register" -> b.append(Call.REGISTER_PROVIDER.callName()).append(' ').append(offers);
				case "update" -> b.append(Call.UPDATE_PROVIDER.callName()).append(' ').append(offers);
				default -> b.append("nothing to send for the provider: the registration on chain is up to date");
			}
			return b.toString();
		}
	}

	private final RpcClient rpc;
	private final Transactions transactions;
	private final byte[] account;
	private final Duration timeout;

	ProviderRegistration(RpcClient rpc, Transactions transactions, byte[] account, Duration timeout) {
		this.rpc = rpc;
		this.transactions = transactions;
		this.account = account.clone();
		this.timeout = timeout;
	}

	/**
	 * @param served   the types the installed reactors serve
	 * @param settings prices, capacity, metadata
	 * @return what {@link #apply} would do
	 */
	Plan plan(List<DescriptorType> served, Settings settings) throws RpcException, InterruptedException {
		ChainRuntime rt = ChainRuntime.current(rpc, null);
		Metadata m = rt.metadata();
		Optional<OnChain> current = read(m, account);
		List<Offer> offers = new ArrayList<>();
		List<DescriptorType> newTypes = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (DescriptorType t : served) {
			TypeStatus status = typeStatus(m, t.id());
			boolean offeredNow = current.map(c -> c.offers().stream().anyMatch(o -> o.type().equals(t.id()))).orElse(false);
			if (status == null) {
				if (!settings.registerTypes()) {
					notes.add("type " + t.id() + " is not registered on chain (set registerTypes = true to register it, or ask its owner)");
					continue;
				}
				newTypes.add(t);
			} else if (status == TypeStatus.RETIRED && !offeredNow) {
				notes.add("type " + t.id() + " is retired on chain: not offered");
				continue;
			}
			offers.add(new Offer(t.id(), settings.price(t.id())));
		}
		String action;
		if (offers.isEmpty()) {
			action = "none";
			notes.add(served.isEmpty() ? "no reactor installed: the registration on chain is left as it is"
					: "nothing to offer: the registration on chain is left as it is");
		} else if (current.isEmpty()) {
			action = "register";
		} else {
			OnChain c = current.get();
			boolean same = sameOffers(c.offers(), offers) && c.capacity() == settings.capacity() && c.name().equals(settings.name())
					&& c.region().equals(settings.region()) && c.contact().equals(settings.contact());
			action = same ? "none" : "update";
		}
		return new Plan(current, List.copyOf(offers), List.copyOf(newTypes), action, List.copyOf(notes));
	}

	/**
	 * Carries a plan out: registers the new types, then registers or updates the provider, each
	 * transaction awaited in a block.
	 *
	 * @return one line per transaction
	 * @throws RpcException with the pallet's error name when the chain refuses
	 */
	List<String> apply(Plan plan, Settings settings) throws RpcException, InterruptedException {
		List<String> done = new ArrayList<>();
		for (DescriptorType t : plan.newTypes()) {
			String cid = Cid.of(t.schema().getBytes(StandardCharsets.UTF_8)).toString();
			run(Call.REGISTER_TYPE, Value.of(utf8(t.id())), Value.of(utf8(cid)));
			done.add("registered type " + t.id() + " (schema " + cid + ")");
		}
		if (plan.action().equals("none")) {
			return done;
		}
		Value offers = new Value.Sequence(plan.offers().stream()
				.map(o -> (Value) new Value.Composite(List.of(new Value.Field("type_id", Value.of(utf8(o.type()))),
						new Value.Field("price_per_block", new Value.Int(o.price())))))
				.toList());
		Value metadata = new Value.Composite(List.of(new Value.Field("name", Value.of(utf8(settings.name()))),
				new Value.Field("region", Value.of(utf8(settings.region()))), new Value.Field("contact", Value.of(utf8(settings.contact())))));
		Call call = plan.action().equals("register") ? Call.REGISTER_PROVIDER : Call.UPDATE_PROVIDER;
		run(call, offers, Value.of(settings.capacity()), metadata);
		done.add((plan.action().equals("register") ? "registered" : "updated") + " the provider: "
				+ plan.offers().stream().map(o -> o.type() + " at " + o.price()).toList() + ", capacity " + settings.capacity());
		return done;
	}

	private void run(Call call, Value... args) throws RpcException, InterruptedException {
		ChainRuntime rt = ChainRuntime.current(rpc, null);
		Transactions.Included in = transactions.submitAndWait(rt, call.encode(rt.metadata(), args), timeout);
		if (!in.success()) {
			throw new RpcException(RpcException.NOT_CONNECTED, call + " failed in block " + in.blockNumber() + ": " + in.error().get());
		}
		LOG.info("{} in block {}", call, in.blockNumber());
	}

	/** @return the provider registration of an account at the best block */
	Optional<OnChain> read(Metadata m, byte[] who) throws RpcException, InterruptedException {
		Optional<Value> v = StorageItem.PROVIDERS.read(rpc, m, null, Value.of(who));
		if (v.isEmpty()) {
			return Optional.empty();
		}
		Value.Composite p = (Value.Composite) v.get();
		List<Offer> offers = new ArrayList<>();
		for (Value o : p.get("offers").asSequence()) {
			Value.Composite c = (Value.Composite) o;
			offers.add(new Offer(text(c.get("type_id")), c.get("price_per_block").asBigInteger()));
		}
		Value.Composite meta = (Value.Composite) p.get("metadata");
		return Optional.of(new OnChain(ProviderStatus.ofProvider(p), offers, (int) p.get("capacity").asLong(),
				(int) p.get("assigned").asLong(), text(meta.get("name")), text(meta.get("region")), text(meta.get("contact")),
				p.get("deposit").asBigInteger()));
	}

	/** @return the type's status on chain, null when the chain does not know it */
	private TypeStatus typeStatus(Metadata m, String type) throws RpcException, InterruptedException {
		return StorageItem.DESCRIPTOR_TYPES.read(rpc, m, null, Value.of(utf8(type))).map(TypeStatus::ofType).orElse(null);
	}

	private static boolean sameOffers(List<Offer> a, List<Offer> b) {
		Map<String, BigInteger> x = new LinkedHashMap<>();
		a.forEach(o -> x.put(o.type(), o.price()));
		Map<String, BigInteger> y = new LinkedHashMap<>();
		b.forEach(o -> y.put(o.type(), o.price()));
		return x.equals(y);
	}

	private static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Value v) {
		return new String(v.asBytes(), StandardCharsets.UTF_8);
	}
}
