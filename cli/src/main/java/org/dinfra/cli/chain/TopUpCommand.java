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

/** {@code ./dinfra top-up}: add to a subscription's deposit. */
@Command(name = "top-up", mixinStandardHelpOptions = true, sortOptions = false,
		description = {"Adds to a subscription's deposit, extending it.", "",
				"Adds to the deposit of one of your subscriptions (DinfraSubscriptions.top_up), which moves its "
				+ "end block. Prints the new deposit and end block."},
		footer = {"%nAMOUNT: an integer in the chain's smallest unit, or a decimal with the",
				"token symbol the node declares (2.5DNF on the dev chain).",
				"Exit codes: 0 topped up; 1 failed (one error: line, such as",
				"DinfraSubscriptions.NotConsumer, NotLive, DepositUsedUp, or a bad amount);",
				"2 usage error."})
public final class TopUpCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "ID", description = "The subscription id.")
	long id;

	@Parameters(index = "1", paramLabel = "AMOUNT", description = "What to add to the deposit.")
	String amount;

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
			Token t = session.token();
			Value value = new Value.Int(t.parse(amount, "amount"));
			Transactions.Included included = session.submit(session.call(Call.TOP_UP, Value.of(id), value), key, until);
			Events.EventRecord e = Event.TOPPED_UP.first(included.events()).orElse(null);
			spec.commandLine().getOut().println("topped up subscription " + id
					+ (e == null ? "" : " by " + t.describe(e.get("amount").asBigInteger()) + ": deposit " + t.describe(e.get("deposit").asBigInteger())
							+ ", end block " + e.get("end").asLong())
					+ " (block #" + included.blockNumber() + ")");
			return 0;
		}
	}
}
