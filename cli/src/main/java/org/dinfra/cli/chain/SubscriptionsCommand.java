package org.dinfra.cli.chain;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.dinfra.cli.CliException;
import org.dinfra.keys.api.AccountKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./dinfra subscriptions}: a consumer's live subscriptions. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true, sortOptions = false,
		description = {"Lists a consumer's live subscriptions.", "",
				"Lists the live subscriptions of a consumer at the best block (DinfraSubscriptions."
				+ "SubscriptionsByConsumer, then Subscriptions(id)): id, type, provider, status (Assigned, Deployed with "
				+ "the endpoints the provider reported, Failed with its reason), price per block, deposit, end block, CID. "
				+ "The consumer is --account, else the address of the consumer key."},
		footer = {"%nExit codes: 0 listed (possibly none); 1 failed (one error: line); 2 usage error."})
public final class SubscriptionsCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = "--account", paramLabel = "ADDRESS", description = "The consumer's SS58 address (any prefix) or 0x public key.")
	String account;

	@Option(names = "--json", description = "Print one line of JSON: an array of {id,type,consumer,provider,status,"
			+ "[failureReason],[endpoint],pricePerBlock,deposit,paid,start,end,cid}; amounts are strings in the smallest unit.")
	boolean json;

	@Mixin
	org.dinfra.cli.FieldsOption fields;

	@Mixin
	ChainOptions chain;

	@Mixin
	SignerOptions signer;

	@Override
	public Integer call() {
		if (account != null && signer.given() && (signer.suri != null || signer.suriFile != null)) {
			throw new CliException("give the consumer with --account or a key option, not both", 2);
		}
		if (account == null && !signer.given()) {
			throw new CliException("which consumer? give --account ADDRESS, --suri-file FILE, set " + SignerOptions.ENV + ", or --suri", 2);
		}
		try (ChainSession session = ChainSession.open(chain)) {
			byte[] consumer;
			if (account != null) {
				consumer = session.account(account);
			} else {
				try (AccountKey key = signer.open(session.keys)) {
					consumer = key.publicKey().bytes();
				}
			}
			List<SubscriptionInfo> list = session.subscriptionsOf(consumer);
			PrintWriter out = spec.commandLine().getOut();
			if (json) {
				out.println(SubscriptionInfo.toJson(list));
			} else if (fields.given()) {
				list.forEach(s -> out.println(fields.line(s.toJson())));
			} else if (list.isEmpty()) {
				out.println("no live subscriptions of " + session.address(consumer));
			} else {
				out.print(SubscriptionInfo.table(list, session.token()));
			}
			return 0;
		}
	}
}
