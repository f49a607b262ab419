//! Unit tests of the providers pallet on the mock runtime.

use crate::{
	mock::*, types::*, DescriptorTypes, Error, Event, HoldReason, Strategy, TypeProviders,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_runtime::{traits::BadOrigin, TokenError};

fn tid(id: &[u8]) -> TypeIdOf<Test> {
	id.to_vec().try_into().unwrap()
}

fn cid(id: &[u8]) -> CidOf<Test> {
	id.to_vec().try_into().unwrap()
}

fn offers(list: &[(&[u8], u64)]) -> OffersOf<Test> {
	list.iter()
		.map(|(id, price)| Offer { type_id: tid(id), price_per_block: *price })
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn meta(name: &[u8]) -> ProviderMetadataOf<Test> {
	ProviderMetadata {
		name: name.to_vec().try_into().unwrap(),
		region: b"eu-west".to_vec().try_into().unwrap(),
		contact: b"ops@example.org".to_vec().try_into().unwrap(),
	}
}

fn held(who: u64, reason: HoldReason) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Providers(reason), &who)
}

fn register_type(id: &[u8]) {
	assert_ok!(Providers::register_type(RuntimeOrigin::signed(1), tid(id), cid(b"bafy-schema")));
}

fn register_provider(who: u64, list: &[(&[u8], u64)], capacity: u32) {
	assert_ok!(Providers::register_provider(
		RuntimeOrigin::signed(who),
		offers(list),
		capacity,
		meta(b"p")
	));
}

fn assign(id: &[u8], max_price: u64) -> Option<(u64, u64)> {
	Providers::do_assign(&tid(id), max_price)
}

fn assigned(who: u64) -> u32 {
	crate::Providers::<Test>::get(who).unwrap().assigned
}

mod types {
	use super::*;

	#[test]
	fn registering_a_type_holds_the_deposit_and_emits_an_event() {
		new_test_ext().execute_with(|| {
			register_type(b"docker-compose");
			assert_eq!(held(1, HoldReason::TypeDeposit), 100);
			let stored = DescriptorTypes::<Test>::get(tid(b"docker-compose")).unwrap();
			assert_eq!(stored.owner, 1);
			assert_eq!(stored.status, TypeStatus::Active);
			System::assert_last_event(
				Event::TypeRegistered {
					type_id: tid(b"docker-compose"),
					owner: 1,
					schema_cid: cid(b"bafy-schema"),
					deposit: 100,
				}
				.into(),
			);
		});
	}

	#[test]
	fn an_empty_or_duplicate_type_id_is_rejected() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Providers::register_type(RuntimeOrigin::signed(1), tid(b""), cid(b"c")),
				Error::<Test>::EmptyTypeId
			);
			register_type(b"docker");
			assert_noop!(
				Providers::register_type(RuntimeOrigin::signed(2), tid(b"docker"), cid(b"c")),
				Error::<Test>::TypeAlreadyExists
			);
		});
	}

	#[test]
	fn registering_a_type_without_funds_fails() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Providers::register_type(RuntimeOrigin::signed(42), tid(b"docker"), cid(b"c")),
				TokenError::FundsUnavailable
			);
		});
	}

	#[test]
	fn only_the_admin_retires_a_type_and_the_deposit_is_released() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			assert_noop!(
				Providers::retire_type(RuntimeOrigin::signed(1), tid(b"docker")),
				BadOrigin
			);
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"docker")));
			assert_eq!(held(1, HoldReason::TypeDeposit), 0);
			assert_eq!(
				DescriptorTypes::<Test>::get(tid(b"docker")).unwrap().status,
				TypeStatus::Retired
			);
			System::assert_last_event(Event::TypeRetired { type_id: tid(b"docker") }.into());
			assert_noop!(
				Providers::retire_type(RuntimeOrigin::root(), tid(b"docker")),
				Error::<Test>::TypeRetired
			);
			assert_noop!(
				Providers::retire_type(RuntimeOrigin::root(), tid(b"nope")),
				Error::<Test>::UnknownType
			);
			// A retired id cannot be registered again.
			assert_noop!(
				Providers::register_type(RuntimeOrigin::signed(2), tid(b"docker"), cid(b"c")),
				Error::<Test>::TypeAlreadyExists
			);
		});
	}
}

mod registration {
	use super::*;

	#[test]
	fn registering_a_provider_holds_the_deposit_and_indexes_it_by_type() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			register_type(b"vm");
			register_provider(2, &[(b"docker", 10), (b"vm", 20)], 3);
			assert_eq!(held(2, HoldReason::ProviderDeposit), 50);
			let provider = crate::Providers::<Test>::get(2).unwrap();
			assert_eq!(provider.status, ProviderStatus::Active);
			assert_eq!(provider.capacity, 3);
			assert_eq!(provider.assigned, 0);
			assert_eq!(provider.metadata, meta(b"p"));
			assert_eq!(TypeProviders::<Test>::get(tid(b"docker")).into_inner(), vec![2]);
			assert_eq!(TypeProviders::<Test>::get(tid(b"vm")).into_inner(), vec![2]);
			System::assert_last_event(
				Event::ProviderRegistered {
					provider: 2,
					offers: offers(&[(b"docker", 10), (b"vm", 20)]),
					capacity: 3,
				}
				.into(),
			);
		});
	}

	#[test]
	fn invalid_registrations_are_rejected() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			register_type(b"old");
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"old")));
			let reg = |list: &[(&[u8], u64)], capacity| {
				Providers::register_provider(
					RuntimeOrigin::signed(2),
					offers(list),
					capacity,
					meta(b"p"),
				)
			};
			assert_noop!(reg(&[], 1), Error::<Test>::NoOffers);
			assert_noop!(reg(&[(b"docker", 1)], 0), Error::<Test>::ZeroCapacity);
			assert_noop!(reg(&[(b"docker", 1), (b"docker", 2)], 1), Error::<Test>::DuplicateOffer);
			assert_noop!(reg(&[(b"docker", 0)], 1), Error::<Test>::ZeroPrice);
			assert_noop!(reg(&[(b"nope", 1)], 1), Error::<Test>::UnknownType);
			assert_noop!(reg(&[(b"old", 1)], 1), Error::<Test>::TypeRetired);
			assert_noop!(
				Providers::register_provider(
					RuntimeOrigin::signed(42),
					offers(&[(b"docker", 1)]),
					1,
					meta(b"p")
				),
				TokenError::FundsUnavailable
			);
			assert_ok!(reg(&[(b"docker", 1)], 1));
			assert_noop!(reg(&[(b"docker", 1)], 1), Error::<Test>::AlreadyRegistered);
		});
	}

	#[test]
	fn a_type_takes_at_most_max_providers_per_type() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			for who in 1..=8 {
				register_provider(who, &[(b"docker", 1)], 1);
			}
			assert_noop!(
				Providers::register_provider(
					RuntimeOrigin::signed(9),
					offers(&[(b"docker", 1)]),
					1,
					meta(b"p")
				),
				Error::<Test>::TooManyProviders
			);
		});
	}

	#[test]
	fn updating_a_provider_replaces_offers_capacity_and_metadata() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			register_type(b"vm");
			register_provider(2, &[(b"docker", 10)], 3);
			assert_ok!(Providers::update_provider(
				RuntimeOrigin::signed(2),
				offers(&[(b"vm", 7)]),
				5,
				meta(b"renamed")
			));
			let provider = crate::Providers::<Test>::get(2).unwrap();
			assert_eq!(provider.offers, offers(&[(b"vm", 7)]));
			assert_eq!(provider.capacity, 5);
			assert_eq!(provider.metadata, meta(b"renamed"));
			assert!(!TypeProviders::<Test>::contains_key(tid(b"docker")));
			assert_eq!(TypeProviders::<Test>::get(tid(b"vm")).into_inner(), vec![2]);
			System::assert_last_event(
				Event::ProviderUpdated { provider: 2, offers: offers(&[(b"vm", 7)]), capacity: 5 }
					.into(),
			);
			assert_noop!(
				Providers::update_provider(
					RuntimeOrigin::signed(3),
					offers(&[(b"vm", 7)]),
					5,
					meta(b"x")
				),
				Error::<Test>::NotRegistered
			);
		});
	}

	#[test]
	fn an_offered_type_may_stay_after_retirement_but_not_be_added() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			register_type(b"vm");
			register_provider(2, &[(b"docker", 10)], 3);
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"docker")));
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"vm")));
			assert_ok!(Providers::update_provider(
				RuntimeOrigin::signed(2),
				offers(&[(b"docker", 11)]),
				3,
				meta(b"p")
			));
			assert_noop!(
				Providers::update_provider(
					RuntimeOrigin::signed(2),
					offers(&[(b"docker", 11), (b"vm", 1)]),
					3,
					meta(b"p")
				),
				Error::<Test>::TypeRetired
			);
		});
	}

	#[test]
	fn pausing_and_resuming() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			assert_noop!(
				Providers::pause_provider(RuntimeOrigin::signed(2)),
				Error::<Test>::NotRegistered
			);
			register_provider(2, &[(b"docker", 10)], 3);
			assert_noop!(
				Providers::resume_provider(RuntimeOrigin::signed(2)),
				Error::<Test>::NotPaused
			);
			assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(2)));
			System::assert_last_event(Event::ProviderPaused { provider: 2 }.into());
			assert_eq!(crate::Providers::<Test>::get(2).unwrap().status, ProviderStatus::Paused);
			assert_noop!(
				Providers::pause_provider(RuntimeOrigin::signed(2)),
				Error::<Test>::AlreadyPaused
			);
			assert_ok!(Providers::resume_provider(RuntimeOrigin::signed(2)));
			System::assert_last_event(Event::ProviderResumed { provider: 2 }.into());
			assert_eq!(crate::Providers::<Test>::get(2).unwrap().status, ProviderStatus::Active);
		});
	}

	#[test]
	fn unregistering_needs_no_assignments_and_releases_the_deposit() {
		new_test_ext().execute_with(|| {
			register_type(b"docker");
			assert_noop!(
				Providers::unregister_provider(RuntimeOrigin::signed(2)),
				Error::<Test>::NotRegistered
			);
			register_provider(2, &[(b"docker", 10)], 3);
			assert_eq!(assign(b"docker", 10), Some((2, 10)));
			assert_noop!(
				Providers::unregister_provider(RuntimeOrigin::signed(2)),
				Error::<Test>::HasAssignments
			);
			Providers::do_release(&2);
			assert_ok!(Providers::unregister_provider(RuntimeOrigin::signed(2)));
			assert_eq!(held(2, HoldReason::ProviderDeposit), 0);
			assert!(crate::Providers::<Test>::get(2).is_none());
			assert!(!TypeProviders::<Test>::contains_key(tid(b"docker")));
			System::assert_last_event(Event::ProviderUnregistered { provider: 2 }.into());
		});
	}
}

mod assignment {
	use super::*;
	use crate::ProviderAssignment;

	fn set_strategy(strategy: AssignmentStrategy) {
		assert_ok!(Providers::set_strategy(RuntimeOrigin::root(), strategy));
	}

	/// Type `docker` with providers 2, 3, 4 at prices 10, 20, 30 and capacities 1, 3, 2.
	fn three_providers() {
		register_type(b"docker");
		register_provider(2, &[(b"docker", 10)], 1);
		register_provider(3, &[(b"docker", 20)], 3);
		register_provider(4, &[(b"docker", 30)], 2);
	}

	#[test]
	fn only_the_admin_sets_the_strategy() {
		new_test_ext().execute_with(|| {
			assert_eq!(Strategy::<Test>::get(), AssignmentStrategy::RoundRobin);
			assert_noop!(
				Providers::set_strategy(RuntimeOrigin::signed(1), AssignmentStrategy::Random),
				BadOrigin
			);
			set_strategy(AssignmentStrategy::CapacityBased);
			assert_eq!(Strategy::<Test>::get(), AssignmentStrategy::CapacityBased);
			System::assert_last_event(
				Event::StrategySet { strategy: AssignmentStrategy::CapacityBased }.into(),
			);
		});
	}

	#[test]
	fn round_robin_cycles_through_candidates_in_registration_order() {
		new_test_ext().execute_with(|| {
			three_providers();
			for who in 2..=4 {
				assert_ok!(Providers::update_provider(
					RuntimeOrigin::signed(who),
					offers(&[(b"docker", 10)]),
					10,
					meta(b"p")
				));
			}
			let picks: Vec<u64> = (0..6).map(|_| assign(b"docker", 10).unwrap().0).collect();
			assert_eq!(picks, vec![2, 3, 4, 2, 3, 4]);
			assert_eq!((assigned(2), assigned(3), assigned(4)), (2, 2, 2));
		});
	}

	#[test]
	fn round_robin_skips_paused_full_and_too_expensive_providers() {
		new_test_ext().execute_with(|| {
			three_providers();
			// 2 takes its only slot.
			assert_eq!(assign(b"docker", 100), Some((2, 10)));
			// 2 is full: 3, then 4, then back to 3.
			assert_eq!(assign(b"docker", 100), Some((3, 20)));
			assert_eq!(assign(b"docker", 100), Some((4, 30)));
			assert_eq!(assign(b"docker", 100), Some((3, 20)));
			// 4 asks more than 25: only 3 is left.
			assert_eq!(assign(b"docker", 25), Some((3, 20)));
			// 3 is full now; 4 is paused.
			assert_ok!(Providers::pause_provider(RuntimeOrigin::signed(4)));
			assert_eq!(assign(b"docker", 100), None);
			// Releasing frees capacity.
			Providers::release(&2);
			assert_eq!(assign(b"docker", 100), Some((2, 10)));
		});
	}

	#[test]
	fn nothing_is_assigned_below_the_lowest_price_or_for_unknown_or_retired_types() {
		new_test_ext().execute_with(|| {
			three_providers();
			assert_eq!(assign(b"docker", 9), None);
			assert_eq!(assign(b"vm", 100), None);
			assert_ok!(Providers::retire_type(RuntimeOrigin::root(), tid(b"docker")));
			assert_eq!(assign(b"docker", 100), None);
			assert!(!Providers::is_type_active(&tid(b"docker")));
			assert_eq!((assigned(2), assigned(3), assigned(4)), (0, 0, 0));
		});
	}

	#[test]
	fn random_picks_the_candidate_at_the_random_index() {
		new_test_ext().execute_with(|| {
			three_providers();
			set_strategy(AssignmentStrategy::Random);
			// Candidates [2, 3, 4]: 7 % 3 = 1.
			RandomValue::set(7);
			assert_eq!(assign(b"docker", 100), Some((3, 20)));
			// Candidates [2, 3, 4]: 9 % 3 = 0.
			RandomValue::set(9);
			assert_eq!(assign(b"docker", 100), Some((2, 10)));
			// 2 is full; candidates [3, 4]: 9 % 2 = 1.
			assert_eq!(assign(b"docker", 100), Some((4, 30)));
			// Only candidates within the price are considered: [3].
			assert_eq!(assign(b"docker", 20), Some((3, 20)));
		});
	}

	#[test]
	fn capacity_based_picks_the_most_free_capacity() {
		new_test_ext().execute_with(|| {
			three_providers();
			set_strategy(AssignmentStrategy::CapacityBased);
			// Free capacity 1, 3, 2.
			assert_eq!(assign(b"docker", 100), Some((3, 20)));
			// Free 1, 2, 2: the tie goes to the earlier registration.
			assert_eq!(assign(b"docker", 100), Some((3, 20)));
			// Free 1, 1, 2.
			assert_eq!(assign(b"docker", 100), Some((4, 30)));
			// Free 1, 1, 1.
			assert_eq!(assign(b"docker", 100), Some((2, 10)));
			// Within price 20 only 3 is left with capacity.
			assert_eq!(assign(b"docker", 20), Some((3, 20)));
			assert_eq!(assign(b"docker", 20), None);
		});
	}
}
