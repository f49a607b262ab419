//! Unit tests of the subscriptions pallet on the mock runtime (with the real providers pallet).

use crate::{
	mock::*, types::*, Error, Event, ExpiryQueue, HoldReason, NextSubscriptionId,
	Subscriptions as SubscriptionStore, SubscriptionsByConsumer, SubscriptionsByProvider,
	WeightInfo,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
};
use pallet_dinfra_providers::{Offer, ProviderMetadata};
use sp_runtime::TokenError;

const CONSUMER: u64 = 1;
/// Asks 10 per block, capacity 2.
const CHEAP: u64 = 2;
/// Asks 20 per block, capacity 1.
const DEAR: u64 = 3;

fn tid(id: &[u8]) -> TypeIdOf<Test> {
	id.to_vec().try_into().unwrap()
}

fn cid() -> CidOf<Test> {
	b"bafy-descriptor".to_vec().try_into().unwrap()
}

fn endpoint() -> EndpointOf<Test> {
	b"https://203.0.113.7:8443".to_vec().try_into().unwrap()
}

fn register_provider(who: u64, price: u64, capacity: u32) {
	assert_ok!(Providers::register_provider(
		RuntimeOrigin::signed(who),
		vec![Offer { type_id: tid(b"docker"), price_per_block: price }]
			.try_into()
			.unwrap(),
		capacity,
		ProviderMetadata::default(),
	));
}

/// Type `docker` (registered by account 10), providers [`CHEAP`] and [`DEAR`].
fn setup() {
	assert_ok!(Providers::register_type(
		RuntimeOrigin::signed(10),
		tid(b"docker"),
		b"bafy-schema".to_vec().try_into().unwrap()
	));
	register_provider(CHEAP, 10, 2);
	register_provider(DEAR, 20, 1);
}

fn subscribe(max_price: u64, deposit: u64) -> SubscriptionId {
	let id = NextSubscriptionId::<Test>::get();
	assert_ok!(Subscriptions::subscribe(
		RuntimeOrigin::signed(CONSUMER),
		tid(b"docker"),
		cid(),
		max_price,
		deposit
	));
	id
}

fn subscription(id: SubscriptionId) -> SubscriptionOf<Test> {
	SubscriptionStore::<Test>::get(id).unwrap()
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(
		&RuntimeHoldReason::Subscriptions(HoldReason::SubscriptionDeposit),
		&who,
	)
}

fn assigned(who: u64) -> u32 {
	pallet_dinfra_providers::Providers::<Test>::get(who).unwrap().assigned
}

/// Checks the accounting of an ended subscription against the balances before it started.
fn assert_settled_exactly(id: SubscriptionId, consumer_before: u64, provider_before: u64) {
	let s = subscription(id);
	assert!(!s.status.is_live());
	assert_eq!(s.paid + s.refunded, s.deposit, "paid + refunded == deposit");
	assert_eq!(free(s.provider), provider_before + s.paid);
	assert_eq!(free(CONSUMER) + held(CONSUMER), consumer_before - s.paid);
	assert!(!SubscriptionsByProvider::<Test>::contains_key(s.provider, id));
	assert!(!SubscriptionsByConsumer::<Test>::contains_key(CONSUMER, id));
	assert!(!ExpiryQueue::<Test>::get(s.expires_at).contains(&id));
}

mod subscribe {
	use super::*;

	#[test]
	fn assigns_a_provider_holds_the_deposit_and_schedules_expiry() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 105);
			assert_eq!(id, 0);
			let s = subscription(id);
			assert_eq!(s.provider, CHEAP);
			assert_eq!(s.price_per_block, 10);
			assert_eq!((s.start, s.end, s.expires_at, s.paid_until), (1, 11, 11, 1));
			assert_eq!(s.status, SubscriptionStatus::Assigned);
			assert_eq!(held(CONSUMER), 105);
			assert_eq!(free(CONSUMER), 10_000 - 105);
			assert_eq!(assigned(CHEAP), 1);
			assert!(SubscriptionsByProvider::<Test>::contains_key(CHEAP, id));
			assert!(SubscriptionsByConsumer::<Test>::contains_key(CONSUMER, id));
			assert_eq!(ExpiryQueue::<Test>::get(11).into_inner(), vec![id]);
			System::assert_last_event(
				Event::SubscriptionCreated {
					id,
					consumer: CONSUMER,
					provider: CHEAP,
					type_id: tid(b"docker"),
					descriptor_cid: cid(),
					price_per_block: 10,
					deposit: 105,
					end: 11,
				}
				.into(),
			);
			assert_eq!(NextSubscriptionId::<Test>::get(), 1);
		});
	}

	#[test]
	fn fails_for_unknown_or_retired_types() {
		new_test_ext().execute_with(|| {
			setup();
			let sub = |type_id: &[u8]| {
				Subscriptions::subscribe(
					RuntimeOrigin::signed(CONSUMER),
					tid(type_id),
					cid(),
					50,
					500,
				)
			};
			assert_noop!(sub(b"vm"), Error::<Test>::UnknownType);
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"docker")));
			assert_noop!(sub(b"docker"), Error::<Test>::UnknownType);
		});
	}

	#[test]
	fn fails_with_no_provider_available() {
		new_test_ext().execute_with(|| {
			setup();
			let sub = |max_price| {
				Subscriptions::subscribe(
					RuntimeOrigin::signed(CONSUMER),
					tid(b"docker"),
					cid(),
					max_price,
					500,
				)
			};
			// Both ask more than 9.
			assert_noop!(sub(9), Error::<Test>::NoProviderAvailable);
			// CHEAP has capacity 2.
			assert_ok!(sub(10));
			assert_ok!(sub(10));
			assert_noop!(sub(10), Error::<Test>::NoProviderAvailable);
			// DEAR takes one at 20, then everyone is full.
			assert_ok!(sub(20));
			assert_eq!(subscription(2).provider, DEAR);
			assert_noop!(sub(100), Error::<Test>::NoProviderAvailable);
			// A paused provider gets nothing new.
			assert_ok!(Subscriptions::cancel(RuntimeOrigin::signed(CONSUMER), 2));
			assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(DEAR)));
			assert_noop!(sub(100), Error::<Test>::NoProviderAvailable);
		});
	}

	#[test]
	fn fails_if_the_deposit_pays_no_block_or_is_not_available() {
		new_test_ext().execute_with(|| {
			setup();
			let sub = |deposit| {
				Subscriptions::subscribe(
					RuntimeOrigin::signed(CONSUMER),
					tid(b"docker"),
					cid(),
					10,
					deposit,
				)
			};
			assert_noop!(sub(0), Error::<Test>::DepositTooLow);
			assert_noop!(sub(9), Error::<Test>::DepositTooLow);
			assert_noop!(sub(20_000), TokenError::FundsUnavailable);
			assert_eq!(assigned(CHEAP), 0);
		});
	}

	#[test]
	fn a_full_expiry_block_queues_later_but_billing_stops_at_the_end() {
		new_test_ext().execute_with(|| {
			setup();
			register_provider(4, 10, 10);
			assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(CHEAP)));
			// MaxExpiriesPerBlock is 4: the fifth subscription ending at 11 is queued at 12.
			let ids: Vec<_> = (0..5).map(|_| subscribe(10, 100)).collect();
			assert_eq!(ExpiryQueue::<Test>::get(11).len(), 4);
			assert_eq!(ExpiryQueue::<Test>::get(12).into_inner(), vec![ids[4]]);
			let last = subscription(ids[4]);
			assert_eq!((last.end, last.expires_at), (11, 12));
			run_to_block(11);
			assert!(subscription(ids[4]).status.is_live());
			run_to_block(12);
			let last = subscription(ids[4]);
			assert_eq!(last.status, SubscriptionStatus::Expired);
			assert_eq!((last.paid, last.refunded, last.paid_until), (100, 0, 11));
		});
	}

	#[test]
	fn fails_when_the_end_block_and_lookahead_are_full() {
		new_test_ext().execute_with(|| {
			setup();
			for at in 11..=(11 + crate::SCHEDULE_LOOKAHEAD as u64) {
				ExpiryQueue::<Test>::insert(
					at,
					frame_support::BoundedVec::truncate_from(vec![99; 4]),
				);
			}
			assert_noop!(
				Subscriptions::subscribe(
					RuntimeOrigin::signed(CONSUMER),
					tid(b"docker"),
					cid(),
					10,
					100
				),
				Error::<Test>::ExpiryQueueFull
			);
		});
	}
}

#[test]
fn amounts_and_blocks_that_do_not_fit_fail_with_overflow() {
	new_test_ext().execute_with(|| {
		setup();
		register_provider(4, 1, 5);
		assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(CHEAP)));
		// u64::MAX blocks at price 1 from block 1 do not fit a block number.
		assert_noop!(
			Subscriptions::subscribe(
				RuntimeOrigin::signed(CONSUMER),
				tid(b"docker"),
				cid(),
				1,
				u64::MAX
			),
			Error::<Test>::Overflow
		);
		let id = subscribe(1, 100);
		assert_noop!(
			Subscriptions::top_up(RuntimeOrigin::signed(CONSUMER), id, u64::MAX),
			Error::<Test>::Overflow
		);
	});
}

mod expiry {
	use super::*;

	#[test]
	fn pays_the_provider_and_refunds_the_remainder_at_the_end_block() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			run_to_block(10);
			assert_eq!(subscription(id).status, SubscriptionStatus::Assigned);
			run_to_block(11);
			let s = subscription(id);
			assert_eq!(s.status, SubscriptionStatus::Expired);
			assert_eq!((s.paid, s.refunded, s.paid_until), (100, 5, 11));
			assert_eq!(held(CONSUMER), 0);
			assert_eq!(assigned(CHEAP), 0);
			assert_settled_exactly(id, consumer_before, provider_before);
			System::assert_has_event(
				Event::Settled { id, provider: CHEAP, amount: 100, paid_until: 11 }.into(),
			);
			System::assert_last_event(Event::Expired { id, paid: 100, refunded: 5 }.into());
			assert!(!ExpiryQueue::<Test>::contains_key(11));
		});
	}

	#[test]
	fn processing_weighs_the_number_of_expiries() {
		new_test_ext().execute_with(|| {
			setup();
			subscribe(10, 100);
			subscribe(10, 100);
			System::set_block_number(11);
			assert_eq!(Subscriptions::on_initialize(11), <() as WeightInfo>::expire(2));
			assert_eq!(Subscriptions::on_initialize(12), <() as WeightInfo>::expire(0));
		});
	}

	#[test]
	fn a_deployed_and_claimed_subscription_expires_with_the_rest_paid() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 109);
			assert_ok!(Subscriptions::report_deployed(
				RuntimeOrigin::signed(CHEAP),
				id,
				endpoint()
			));
			run_to_block(4);
			assert_ok!(Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id));
			assert_eq!(free(CHEAP), provider_before + 30);
			run_to_block(11);
			let s = subscription(id);
			assert_eq!((s.paid, s.refunded), (100, 9));
			System::assert_has_event(
				Event::Settled { id, provider: CHEAP, amount: 70, paid_until: 11 }.into(),
			);
			assert_settled_exactly(id, consumer_before, provider_before);
		});
	}
}

mod top_up {
	use super::*;

	#[test]
	fn moves_the_end_block_and_the_expiry_entry() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			run_to_block(5);
			assert_ok!(Subscriptions::top_up(RuntimeOrigin::signed(CONSUMER), id, 50));
			System::assert_last_event(
				Event::ToppedUp { id, amount: 50, deposit: 155, end: 16 }.into(),
			);
			let s = subscription(id);
			assert_eq!((s.deposit, s.end, s.expires_at), (155, 16, 16));
			assert!(!ExpiryQueue::<Test>::contains_key(11));
			assert_eq!(ExpiryQueue::<Test>::get(16).into_inner(), vec![id]);
			assert_eq!(held(CONSUMER), 155);
			run_to_block(15);
			assert!(subscription(id).status.is_live());
			run_to_block(16);
			let s = subscription(id);
			assert_eq!((s.status, s.paid, s.refunded), (SubscriptionStatus::Expired, 150, 5));
			assert_settled_exactly(id, consumer_before, provider_before);
		});
	}

	#[test]
	fn a_small_top_up_keeps_the_end_block() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 101);
			assert_ok!(Subscriptions::top_up(RuntimeOrigin::signed(CONSUMER), id, 3));
			let s = subscription(id);
			assert_eq!((s.deposit, s.end), (104, 11));
			assert_eq!(ExpiryQueue::<Test>::get(11).into_inner(), vec![id]);
		});
	}

	#[test]
	fn rejects_invalid_top_ups() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 100);
			let top_up =
				|who, id, amount| Subscriptions::top_up(RuntimeOrigin::signed(who), id, amount);
			assert_noop!(top_up(CONSUMER, id, 0), Error::<Test>::ZeroAmount);
			assert_noop!(top_up(5, id, 10), Error::<Test>::NotConsumer);
			assert_noop!(top_up(CONSUMER, 7, 10), Error::<Test>::UnknownSubscription);
			assert_noop!(top_up(CONSUMER, id, 1_000_000), TokenError::FundsUnavailable);
			// Used up but not yet processed.
			System::set_block_number(11);
			assert_noop!(top_up(CONSUMER, id, 10), Error::<Test>::DepositUsedUp);
			Subscriptions::on_initialize(11);
			assert_noop!(top_up(CONSUMER, id, 10), Error::<Test>::NotLive);
		});
	}
}

mod cancel {
	use super::*;

	#[test]
	fn pays_the_blocks_used_and_refunds_the_rest() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			run_to_block(4);
			assert_ok!(Subscriptions::cancel(RuntimeOrigin::signed(CONSUMER), id));
			let s = subscription(id);
			assert_eq!((s.status, s.paid, s.refunded), (SubscriptionStatus::Cancelled, 30, 75));
			System::assert_has_event(
				Event::Settled { id, provider: CHEAP, amount: 30, paid_until: 4 }.into(),
			);
			System::assert_last_event(Event::Cancelled { id, paid: 30, refunded: 75 }.into());
			assert_eq!(assigned(CHEAP), 0);
			assert!(!ExpiryQueue::<Test>::contains_key(11));
			assert_settled_exactly(id, consumer_before, provider_before);
			// Nothing happens at the old end block.
			run_to_block(11);
			assert_eq!(subscription(id).status, SubscriptionStatus::Cancelled);
		});
	}

	#[test]
	fn in_the_creation_block_refunds_everything() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			assert_ok!(Subscriptions::cancel(RuntimeOrigin::signed(CONSUMER), id));
			let s = subscription(id);
			assert_eq!((s.paid, s.refunded), (0, 105));
			assert_settled_exactly(id, consumer_before, provider_before);
		});
	}

	#[test]
	fn after_the_end_block_pays_only_up_to_the_end() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			System::set_block_number(30);
			assert_ok!(Subscriptions::cancel(RuntimeOrigin::signed(CONSUMER), id));
			let s = subscription(id);
			assert_eq!((s.paid, s.refunded, s.paid_until), (100, 5, 11));
			assert_settled_exactly(id, consumer_before, provider_before);
		});
	}

	#[test]
	fn rejects_strangers_unknown_and_ended_subscriptions() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 105);
			let cancel = |who, id| Subscriptions::cancel(RuntimeOrigin::signed(who), id);
			assert_noop!(cancel(CHEAP, id), Error::<Test>::NotConsumer);
			assert_noop!(cancel(CONSUMER, 9), Error::<Test>::UnknownSubscription);
			assert_ok!(cancel(CONSUMER, id));
			assert_noop!(cancel(CONSUMER, id), Error::<Test>::NotLive);
		});
	}
}

mod reports {
	use super::*;

	#[test]
	fn the_assigned_provider_reports_deployed_once() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 105);
			assert_noop!(
				Subscriptions::report_deployed(RuntimeOrigin::signed(DEAR), id, endpoint()),
				Error::<Test>::NotProvider
			);
			assert_noop!(
				Subscriptions::report_deployed(RuntimeOrigin::signed(CHEAP), 5, endpoint()),
				Error::<Test>::UnknownSubscription
			);
			assert_ok!(Subscriptions::report_deployed(
				RuntimeOrigin::signed(CHEAP),
				id,
				endpoint()
			));
			let s = subscription(id);
			assert_eq!(s.status, SubscriptionStatus::Deployed);
			assert_eq!(s.endpoint, endpoint());
			System::assert_last_event(
				Event::Deployed { id, provider: CHEAP, endpoint: endpoint() }.into(),
			);
			assert_noop!(
				Subscriptions::report_deployed(RuntimeOrigin::signed(CHEAP), id, endpoint()),
				Error::<Test>::AlreadyReported
			);
			assert_noop!(
				Subscriptions::report_failed(RuntimeOrigin::signed(CHEAP), id, 6),
				Error::<Test>::AlreadyReported
			);
		});
	}

	#[test]
	fn a_failure_refunds_the_consumer_in_full() {
		new_test_ext().execute_with(|| {
			setup();
			let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
			let id = subscribe(10, 105);
			run_to_block(5);
			assert_noop!(
				Subscriptions::report_failed(RuntimeOrigin::signed(DEAR), id, 1),
				Error::<Test>::NotProvider
			);
			assert_ok!(Subscriptions::report_failed(RuntimeOrigin::signed(CHEAP), id, 4));
			let s = subscription(id);
			assert_eq!(s.status, SubscriptionStatus::Failed { reason: 4 });
			assert_eq!((s.paid, s.refunded), (0, 105));
			assert_eq!(assigned(CHEAP), 0);
			System::assert_last_event(
				Event::DeploymentFailed { id, provider: CHEAP, reason: 4, refunded: 105 }.into(),
			);
			assert_settled_exactly(id, consumer_before, provider_before);
			assert_noop!(
				Subscriptions::report_failed(RuntimeOrigin::signed(CHEAP), id, 4),
				Error::<Test>::NotLive
			);
		});
	}

	#[test]
	fn no_report_once_the_deposit_is_used_up() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 100);
			System::set_block_number(11);
			assert_noop!(
				Subscriptions::report_deployed(RuntimeOrigin::signed(CHEAP), id, endpoint()),
				Error::<Test>::DepositUsedUp
			);
			assert_noop!(
				Subscriptions::report_failed(RuntimeOrigin::signed(CHEAP), id, 6),
				Error::<Test>::DepositUsedUp
			);
		});
	}

	#[test]
	fn a_provider_with_live_subscriptions_cannot_unregister() {
		new_test_ext().execute_with(|| {
			setup();
			let id = subscribe(10, 100);
			assert_noop!(
				Providers::unregister_provider(RuntimeOrigin::signed(CHEAP)),
				pallet_dinfra_providers::Error::<Test>::HasAssignments
			);
			// Pausing drains: the existing subscription continues.
			assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(CHEAP)));
			assert_ok!(Subscriptions::report_deployed(
				RuntimeOrigin::signed(CHEAP),
				id,
				endpoint()
			));
			run_to_block(11);
			assert_eq!(subscription(id).status, SubscriptionStatus::Expired);
			assert_ok!(Providers::unregister_provider(RuntimeOrigin::signed(CHEAP)));
		});
	}
}

mod claim {
	use super::*;

	#[test]
	fn pays_the_blocks_since_the_last_settlement() {
		new_test_ext().execute_with(|| {
			setup();
			let provider_before = free(CHEAP);
			let id = subscribe(10, 105);
			assert_noop!(
				Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id),
				Error::<Test>::NotDeployed
			);
			assert_ok!(Subscriptions::report_deployed(
				RuntimeOrigin::signed(CHEAP),
				id,
				endpoint()
			));
			assert_noop!(
				Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id),
				Error::<Test>::NothingToClaim
			);
			run_to_block(3);
			assert_noop!(
				Subscriptions::claim(RuntimeOrigin::signed(DEAR), id),
				Error::<Test>::NotProvider
			);
			assert_ok!(Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id));
			System::assert_last_event(
				Event::Settled { id, provider: CHEAP, amount: 20, paid_until: 3 }.into(),
			);
			run_to_block(7);
			assert_ok!(Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id));
			let s = subscription(id);
			assert_eq!((s.paid, s.paid_until), (60, 7));
			assert_eq!(free(CHEAP), provider_before + 60);
			assert_eq!(held(CONSUMER), 45);
			assert_noop!(
				Subscriptions::claim(RuntimeOrigin::signed(CHEAP), 42),
				Error::<Test>::UnknownSubscription
			);
		});
	}
}

mod invariants {
	use super::*;

	/// For many deposits, prices and ways to end, paid + refunded == deposit and no balance
	/// is created or lost.
	#[test]
	fn paid_plus_refunded_equals_deposit() {
		for deposit in [10u64, 11, 19, 99, 101, 257] {
			for price in [1u64, 3, 7, 10] {
				for ending in 0..5u8 {
					new_test_ext().execute_with(|| {
						assert_ok!(Providers::register_type(
							RuntimeOrigin::signed(10),
							tid(b"docker"),
							b"s".to_vec().try_into().unwrap()
						));
						register_provider(CHEAP, price, 1);
						let issuance = Balances::total_issuance();
						let (consumer_before, provider_before) = (free(CONSUMER), free(CHEAP));
						let id = subscribe(price, deposit);
						let end = subscription(id).end;
						assert_eq!(end, 1 + deposit / price);
						match ending {
							0 => run_to_block(end),
							1 => {
								run_to_block(1 + (end - 1) / 2);
								assert_ok!(Subscriptions::cancel(
									RuntimeOrigin::signed(CONSUMER),
									id
								));
							},
							2 => {
								run_to_block(1 + (end - 1) / 2);
								assert_ok!(Subscriptions::report_failed(
									RuntimeOrigin::signed(CHEAP),
									id,
									6
								));
							},
							3 => {
								assert_ok!(Subscriptions::report_deployed(
									RuntimeOrigin::signed(CHEAP),
									id,
									endpoint()
								));
								run_to_block(1 + (end - 1) / 3);
								let _ = Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id);
								assert_ok!(Subscriptions::top_up(
									RuntimeOrigin::signed(CONSUMER),
									id,
									price + 1
								));
								run_to_block(1 + (end - 1) / 2);
								let _ = Subscriptions::claim(RuntimeOrigin::signed(CHEAP), id);
								run_to_block(subscription(id).end);
							},
							_ => {
								run_to_block(end + 3);
								assert_eq!(subscription(id).status, SubscriptionStatus::Expired);
							},
						}
						assert_settled_exactly(id, consumer_before, provider_before);
						assert_eq!(Balances::total_issuance(), issuance);
					});
				}
			}
		}
	}
}
