package org.dinfra.cli.chain;

import java.util.concurrent.Callable;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Event;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./dinfra cancel}: end a subscription now. */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
		description = {"Cancels a subscription; the unused deposit is refunded.", "",
				"Cancels one of your subscriptions (DinfraSubscriptions.cancel): the provider is paid for the "
				+ "blocks used, the rest of the deposit is refunded. Prints what was paid and refunded."},
		footer = {"%nExit codes: 0 cancelled; 1 failed (one error: line, such as",
				"DinfraSubscriptions.NotConsumer, UnknownSubscription or NotLive); 2 usage error."})
public final class CancelCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "ID", description = "The subscription id.")
	long id;

	@Mixin
	WaitOption wait;

	@Mixin
	ChainOptions chain;

	@Mixin
	SignerOptions signer;

	@Override
	public Integer call() {
		ChainSession.Wait until = wait.until();
		try (AccountKey key = signer.open(Keys.standalone()); ChainSession session = ChainSession.open(chain)) {
			Transactions.Included included = session.submit(session.call(Call.CANCEL, Value.of(id)), key, until);
			Events.EventRecord e = Event.CANCELLED.first(included.events()).orElse(null);
			Token t = session.token();
			spec.commandLine().getOut().println("cancelled subscription " + id
					+ (e == null ? "" : ": paid " + t.describe(e.get("paid").asBigInteger()) + ", refunded " + t.describe(e.get("refunded").asBigInteger()))
					+ " (block #" + included.blockNumber() + ")");
			return 0;
		}
	}
}
