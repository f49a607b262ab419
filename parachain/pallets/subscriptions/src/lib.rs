//! # DINFRA subscriptions pallet
//!
//! Consumers subscribe to one deployment of a descriptor type; a provider is assigned at once
//! by the providers pallet ([`Config::Providers`]) and paid per block from the consumer's held
//! deposit.
//!
//! ## Billing
//!
//! - [`Pallet::subscribe`] assigns a provider (the strategy's pick among active providers that
//!   serve the type, have free capacity and ask at most `max_price_per_block`) or fails with
//!   [`Error::NoProviderAvailable`]. The deposit is held from the consumer
//!   ([`HoldReason::SubscriptionDeposit`]). The subscription is billed the provider's
//!   `price_per_block` for every block from its start block `start` (the block it was created
//!   in) to `end = start + deposit / price_per_block` (integer division; at least one block).
//! - Expiry is scheduled in the block-indexed [`ExpiryQueue`] and processed in `on_initialize`
//!   of block `end` with a bounded, benchmarked weight: the provider is paid up to `end`, the
//!   remainder (`deposit mod price_per_block`) is refunded.
//! - [`Pallet::top_up`] adds to the deposit and moves `end` (and the queue entry).
//! - [`Pallet::cancel`] (consumer, any time): the provider is paid for the blocks used
//!   (`min(now, end) - start`), the rest is refunded.
//! - [`Pallet::claim`] (provider, deployed subscriptions): pays the blocks used since the last
//!   settlement. Providers never need to withdraw anything themselves.
//! - [`Pallet::report_deployed`] / [`Pallet::report_failed`] (assigned provider, before it
//!   reported): a failure refunds the consumer in full. Payments to the provider require
//!   `Deployed`, so nothing was paid before a failure.
//! - Invariant: for every ended subscription `paid + refunded == deposit`.
//!
//! ## Reading
//!
//! [`Subscriptions`] holds each subscription with its status; [`SubscriptionsByProvider`] and
//! [`SubscriptionsByConsumer`] index the live ones (one prefix iteration lists them).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod billing;
#[cfg(test)]
mod mock;
mod subscriptions;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use pallet_dinfra_providers::ProviderAssignment;

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
		/// The currency from which deposits are held and providers paid.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Descriptor types and provider assignment (the providers pallet).
		type Providers: ProviderAssignment<Self::AccountId, BalanceOf<Self>>;

		/// The maximum length of a descriptor CID in bytes.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;

		/// The maximum length of a provider's endpoint information in bytes.
		#[pallet::constant]
		type MaxEndpointLen: Get<u32>;

		/// The maximum number of subscriptions expiring in one block. A subscription whose end
		/// block is full is queued in one of the next [`SCHEDULE_LOOKAHEAD`] blocks.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// Weights of this pallet's calls and of expiry processing.
		type WeightInfo: WeightInfo;
	}

	/// How many blocks after a full end block are tried for a subscription's expiry entry.
	pub const SCHEDULE_LOOKAHEAD: u32 = 16;

	/// The reasons for which this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The unspent deposits of a consumer's live subscriptions.
		#[codec(index = 0)]
		SubscriptionDeposit,
	}

	/// The id of the next subscription.
	#[pallet::storage]
	pub type NextSubscriptionId<T: Config> = StorageValue<_, SubscriptionId, ValueQuery>;

	/// All subscriptions, live and ended, by id.
	#[pallet::storage]
	pub type Subscriptions<T: Config> =
		StorageMap<_, Twox64Concat, SubscriptionId, SubscriptionOf<T>, OptionQuery>;

	/// The live subscriptions assigned to a provider: `(provider, id) -> ()`.
	#[pallet::storage]
	pub type SubscriptionsByProvider<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SubscriptionId,
		(),
		OptionQuery,
	>;

	/// The live subscriptions of a consumer: `(consumer, id) -> ()`.
	#[pallet::storage]
	pub type SubscriptionsByConsumer<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		SubscriptionId,
		(),
		OptionQuery,
	>;

	/// The subscriptions to expire at the start of a block.
	#[pallet::storage]
	pub type ExpiryQueue<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<SubscriptionId, T::MaxExpiriesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subscription was created and a provider assigned.
		SubscriptionCreated {
			/// The subscription id.
			id: SubscriptionId,
			/// The consumer.
			consumer: T::AccountId,
			/// The assigned provider.
			provider: T::AccountId,
			/// The descriptor type.
			type_id: TypeIdOf<T>,
			/// The CID of the deployment descriptor.
			descriptor_cid: CidOf<T>,
			/// The provider's price per block.
			price_per_block: BalanceOf<T>,
			/// The deposit held.
			deposit: BalanceOf<T>,
			/// The block at which the deposit is used up.
			end: BlockNumberFor<T>,
		},
		/// The provider reported the deployment as running.
		Deployed {
			/// The subscription id.
			id: SubscriptionId,
			/// The provider.
			provider: T::AccountId,
			/// The endpoint information.
			endpoint: EndpointOf<T>,
		},
		/// The provider could not deploy; the consumer was refunded in full.
		DeploymentFailed {
			/// The subscription id.
			id: SubscriptionId,
			/// The provider.
			provider: T::AccountId,
			/// The provider's reason code.
			reason: FailureReason,
			/// The amount refunded (the whole deposit).
			refunded: BalanceOf<T>,
		},
		/// The consumer added to the deposit.
		ToppedUp {
			/// The subscription id.
			id: SubscriptionId,
			/// The amount added.
			amount: BalanceOf<T>,
			/// The new total deposit.
			deposit: BalanceOf<T>,
			/// The new end block.
			end: BlockNumberFor<T>,
		},
		/// The consumer cancelled the subscription.
		Cancelled {
			/// The subscription id.
			id: SubscriptionId,
			/// The total paid to the provider.
			paid: BalanceOf<T>,
			/// The amount refunded to the consumer.
			refunded: BalanceOf<T>,
		},
		/// The subscription reached its end block.
		Expired {
			/// The subscription id.
			id: SubscriptionId,
			/// The total paid to the provider.
			paid: BalanceOf<T>,
			/// The amount refunded to the consumer (`deposit mod price_per_block`).
			refunded: BalanceOf<T>,
		},
		/// The provider was paid for the blocks since the previous settlement.
		Settled {
			/// The subscription id.
			id: SubscriptionId,
			/// The provider.
			provider: T::AccountId,
			/// The amount paid now.
			amount: BalanceOf<T>,
			/// The provider is now paid up to this block.
			paid_until: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The descriptor type is not registered or is retired.
		UnknownType,
		/// No active provider serves the type with free capacity at or below the maximum price.
		NoProviderAvailable,
		/// The deposit does not pay for a single block at the provider's price.
		DepositTooLow,
		/// An amount or block number overflowed.
		Overflow,
		/// The expiry queues of the end block and the blocks after it are full.
		ExpiryQueueFull,
		/// No subscription with this id exists.
		UnknownSubscription,
		/// The caller is not the subscription's consumer.
		NotConsumer,
		/// The caller is not the subscription's provider.
		NotProvider,
		/// The subscription has ended (failed, cancelled or expired).
		NotLive,
		/// The subscription's deposit is used up; it expires at the start of a coming block.
		DepositUsedUp,
		/// The provider has already reported on this subscription.
		AlreadyReported,
		/// The subscription is not deployed.
		NotDeployed,
		/// The amount is zero.
		ZeroAmount,
		/// Nothing is owed to the provider yet.
		NothingToClaim,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the subscriptions queued for block `now`: at most `MaxExpiriesPerBlock`.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::do_expire(now)
		}

		fn integrity_test() {
			assert!(T::MaxExpiriesPerBlock::get() > 0, "MaxExpiriesPerBlock must not be zero");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Subscribes the caller to one deployment of `type_id` described by `descriptor_cid`
		/// and assigns a provider asking at most `max_price_per_block`. `deposit` is held and
		/// pays `deposit / price_per_block` blocks.
		///
		/// Emits [`Event::SubscriptionCreated`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::subscribe(T::Providers::max_candidates()))]
		pub fn subscribe(
			origin: OriginFor<T>,
			type_id: TypeIdOf<T>,
			descriptor_cid: CidOf<T>,
			max_price_per_block: BalanceOf<T>,
			deposit: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_subscribe(consumer, type_id, descriptor_cid, max_price_per_block, deposit)
		}

		/// Adds `amount` to the deposit of the caller's live subscription `id` and moves its
		/// end block.
		///
		/// Emits [`Event::ToppedUp`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			id: SubscriptionId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_top_up(consumer, id, amount)
		}

		/// Cancels the caller's live subscription `id`: the provider is paid for the blocks
		/// used, the rest of the deposit is refunded.
		///
		/// Emits [`Event::Settled`] (if anything is owed) and [`Event::Cancelled`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, id: SubscriptionId) -> DispatchResult {
			let consumer = ensure_signed(origin)?;
			Self::do_cancel(consumer, id)
		}

		/// Reports, as the assigned provider, that subscription `id` is deployed and reachable
		/// with `endpoint`.
		///
		/// Emits [`Event::Deployed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::report_deployed())]
		pub fn report_deployed(
			origin: OriginFor<T>,
			id: SubscriptionId,
			endpoint: EndpointOf<T>,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_report_deployed(provider, id, endpoint)
		}

		/// Reports, as the assigned provider, that subscription `id` could not be deployed
		/// (`reason` is an opaque code, see README.md). The consumer is refunded in full.
		///
		/// Emits [`Event::DeploymentFailed`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::report_failed())]
		pub fn report_failed(
			origin: OriginFor<T>,
			id: SubscriptionId,
			reason: FailureReason,
		) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_report_failed(provider, id, reason)
		}

		/// Pays the caller, the provider of deployed subscription `id`, for the blocks since
		/// the previous settlement.
		///
		/// Emits [`Event::Settled`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, id: SubscriptionId) -> DispatchResult {
			let provider = ensure_signed(origin)?;
			Self::do_claim(provider, id)
		}
	}
}
