//! # DINFRA providers pallet
//!
//! Descriptor types, the providers that serve them, and the strategies that assign a provider
//! to a new deployment.
//!
//! ## Overview
//!
//! - **Descriptor types.** Any signed account registers a type ([`Pallet::register_type`]): an
//!   id of at most [`Config::MaxTypeIdLen`] bytes and the CID of its JSON Schema.
//!   [`Config::TypeDeposit`] is held from the registrant until [`Config::AdminOrigin`] retires
//!   the type ([`Pallet::retire_type`]). A retired type takes no new offers or subscriptions.
//! - **Providers.** A provider registers ([`Pallet::register_provider`]) with its offers (the
//!   types it serves and its price per block for each), a capacity (the maximum number of
//!   concurrent deployments) and bounded free-form metadata; [`Config::ProviderDeposit`] is held
//!   while it is registered. It can update all of these ([`Pallet::update_provider`]), pause
//!   (drain: no new assignments, existing ones continue) and resume, and unregister only when
//!   nothing is assigned to it.
//! - **Assignment.** [`Config::AdminOrigin`] selects the [`AssignmentStrategy`]: round robin,
//!   random (from [`Config::Randomness`]) or capacity based (most free capacity). Only active
//!   providers that serve the type, have free capacity and ask at most the consumer's maximum
//!   price are candidates. Other pallets use it through [`ProviderAssignment`].
//!
//! All collections are bounded; no call iterates over unbounded storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod assignment;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod providers;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			Randomness,
		},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency from which deposits are held.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The randomness source of [`AssignmentStrategy::Random`].
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// The origin that retires types and selects the assignment strategy (root, or a
		/// governance origin).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The deposit held for a registered descriptor type.
		#[pallet::constant]
		type TypeDeposit: Get<BalanceOf<Self>>;

		/// The deposit held for a registered provider.
		#[pallet::constant]
		type ProviderDeposit: Get<BalanceOf<Self>>;

		/// The maximum length of a type id in bytes.
		#[pallet::constant]
		type MaxTypeIdLen: Get<u32>;

		/// The maximum length of a CID in bytes.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;

		/// The maximum number of types one provider serves.
		#[pallet::constant]
		type MaxTypesPerProvider: Get<u32>;

		/// The maximum number of providers serving one type.
		#[pallet::constant]
		type MaxProvidersPerType: Get<u32>;

		/// The maximum length of a provider's name in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// The maximum length of a provider's region in bytes.
		#[pallet::constant]
		type MaxRegionLen: Get<u32>;

		/// The maximum length of a provider's contact in bytes.
		#[pallet::constant]
		type MaxContactLen: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The reasons for which this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered descriptor type.
		#[codec(index = 0)]
		TypeDeposit,
		/// The deposit of a registered provider.
		#[codec(index = 1)]
		ProviderDeposit,
	}

	/// The registered descriptor types, active or retired, by id.
	#[pallet::storage]
	pub type DescriptorTypes<T: Config> =
		StorageMap<_, Blake2_128Concat, TypeIdOf<T>, DescriptorTypeOf<T>, OptionQuery>;

	/// The registered providers by account.
	#[pallet::storage]
	pub type Providers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ProviderOf<T>, OptionQuery>;

	/// The providers that offer a type, in registration order (the round-robin order).
	#[pallet::storage]
	pub type TypeProviders<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		TypeIdOf<T>,
		BoundedVec<T::AccountId, T::MaxProvidersPerType>,
		ValueQuery,
	>;

	/// Per type, the number of assignments made so far (wrapping): the round-robin cursor
	/// is this value modulo the number of providers of the type; it also varies the subject of
	/// the random strategy between assignments in one block.
	#[pallet::storage]
	pub type AssignmentCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, TypeIdOf<T>, u32, ValueQuery>;

	/// The active assignment strategy.
	#[pallet::storage]
	pub type Strategy<T: Config> = StorageValue<_, AssignmentStrategy, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A descriptor type was registered.
		TypeRegistered {
			/// The type id.
			type_id: TypeIdOf<T>,
			/// The registrant, from which `deposit` is held.
			owner: T::AccountId,
			/// The CID of the type's JSON Schema.
			schema_cid: CidOf<T>,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A descriptor type was retired and its deposit released.
		TypeRetired {
			/// The type id.
			type_id: TypeIdOf<T>,
		},
		/// A provider registered.
		ProviderRegistered {
			/// The provider.
			provider: T::AccountId,
			/// The types served and their prices per block.
			offers: OffersOf<T>,
			/// The maximum number of concurrent deployments.
			capacity: u32,
		},
		/// A provider replaced its offers, capacity and metadata.
		ProviderUpdated {
			/// The provider.
			provider: T::AccountId,
			/// The types served and their prices per block.
			offers: OffersOf<T>,
			/// The maximum number of concurrent deployments.
			capacity: u32,
		},
		/// A provider paused: it gets no new assignments, existing ones continue.
		ProviderPaused {
			/// The provider.
			provider: T::AccountId,
		},
		/// A paused provider resumed.
		ProviderResumed {
			/// The provider.
			provider: T::AccountId,
		},
		/// A provider unregistered and its deposit was released.
		ProviderUnregistered {
			/// The provider.
			provider: T::AccountId,
		},
		/// The assignment strategy was changed.
		StrategySet {
			/// The new strategy.
			strategy: AssignmentStrategy,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The type id is empty.
		EmptyTypeId,
		/// A type with this id is already registered (possibly retired).
		TypeAlreadyExists,
		/// No type with this id is registered.
		UnknownType,
		/// The type is retired.
		TypeRetired,
		/// The caller is already a registered provider.
		AlreadyRegistered,
		/// The caller is not a registered provider.
		NotRegistered,
		/// A provider must offer at least one type.
		NoOffers,
		/// The same type is offered twice.
		DuplicateOffer,
		/// A price per block must not be zero.
		ZeroPrice,
		/// A provider's capacity must not be zero.
		ZeroCapacity,
		/// The type is already served by `MaxProvidersPerType` providers.
		TooManyProviders,
		/// The provider is already paused.
		AlreadyPaused,
		/// The provider is not paused.
		NotPaused,
		/// The provider still has assigned deployments.
		HasAssignments,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the descriptor type `type_id` whose JSON Schema has the CID `schema_cid`,
		/// holding [`Config::TypeDeposit`] from the caller.
		///
		/// Emits [`Event::TypeRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_type())]
		pub fn register_type(
			origin: OriginFor<T>,
			type_id: TypeIdOf<T>,
			schema_cid: CidOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_type(who, type_id, schema_cid)
		}

		/// Retires the descriptor type `type_id` and releases its deposit. Existing
		/// subscriptions continue; no new offers or subscriptions are accepted.
		///
		/// The origin must be [`Config::AdminOrigin`]. Emits [`Event::TypeRetired`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::retire_type())]
		pub fn retire_type(origin: OriginFor<T>, type_id: TypeIdOf<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_retire_type(type_id)
		}

		/// Registers the caller as a provider with `offers` (at least one, prices not zero,
		/// active types only), `capacity` (not zero) and `metadata`, holding
		/// [`Config::ProviderDeposit`]. The provider starts active.
		///
		/// Emits [`Event::ProviderRegistered`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_provider(offers.len() as u32))]
		pub fn register_provider(
			origin: OriginFor<T>,
			offers: OffersOf<T>,
			capacity: u32,
			metadata: ProviderMetadataOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_provider(who, offers, capacity, metadata)
		}

		/// Replaces the caller's offers, capacity and metadata. Existing deployments keep the
		/// price they were assigned at. A type already offered may stay offered after it was
		/// retired; a newly offered type must be active. A capacity below the number of
		/// current deployments only stops new assignments.
		///
		/// Emits [`Event::ProviderUpdated`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::update_provider(
			offers.len() as u32,
			T::MaxTypesPerProvider::get(),
		))]
		pub fn update_provider(
			origin: OriginFor<T>,
			offers: OffersOf<T>,
			capacity: u32,
			metadata: ProviderMetadataOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_provider(who, offers, capacity, metadata)
		}

		/// Pauses the caller (drain): no new assignments, existing ones continue.
		///
		/// Emits [`Event::ProviderPaused`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::pause_provider())]
		pub fn pause_provider(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, true)
		}

		/// Resumes the paused caller.
		///
		/// Emits [`Event::ProviderResumed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::resume_provider())]
		pub fn resume_provider(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_paused(who, false)
		}

		/// Unregisters the caller, which must have no assigned deployments, and releases its
		/// deposit.
		///
		/// Emits [`Event::ProviderUnregistered`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unregister_provider(T::MaxTypesPerProvider::get()))]
		pub fn unregister_provider(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unregister_provider(who)
		}

		/// Selects the assignment strategy for all new subscriptions.
		///
		/// The origin must be [`Config::AdminOrigin`]. Emits [`Event::StrategySet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_strategy())]
		pub fn set_strategy(origin: OriginFor<T>, strategy: AssignmentStrategy) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_strategy(strategy)
		}
	}
}
