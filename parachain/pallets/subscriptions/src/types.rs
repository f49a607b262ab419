//! Types stored by the subscriptions pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_dinfra_providers::ProviderAssignment;
use scale_info::TypeInfo;

/// The identifier of a subscription, assigned in sequence from 0.
pub type SubscriptionId = u64;

/// The reason code of [`crate::Pallet::report_failed`]. Opaque to the pallet; the codes agents
/// use are listed in parachain/README.md.
pub type FailureReason = u16;

/// The descriptor type id of the providers pallet.
pub type TypeIdOf<T> = <<T as crate::Config>::Providers as ProviderAssignment<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
>>::TypeId;
/// The CID of a deployment descriptor, as UTF-8 bytes.
pub type CidOf<T> = BoundedVec<u8, <T as crate::Config>::MaxCidLen>;
/// Endpoint information reported by a provider, e.g. a URL, as UTF-8 bytes.
pub type EndpointOf<T> = BoundedVec<u8, <T as crate::Config>::MaxEndpointLen>;
/// A subscription of this runtime.
pub type SubscriptionOf<T> = Subscription<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
	BlockNumberFor<T>,
	TypeIdOf<T>,
	CidOf<T>,
	EndpointOf<T>,
>;

/// The state of a subscription.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SubscriptionStatus {
	/// A provider is assigned and has not reported yet. Billed from the start block.
	Assigned,
	/// The provider reported the deployment as running.
	Deployed,
	/// The provider reported that it could not deploy; the consumer was refunded in full.
	Failed {
		/// The provider's reason code.
		reason: FailureReason,
	},
	/// The consumer cancelled; the provider was paid for the blocks used, the rest refunded.
	Cancelled,
	/// The deposit was used up at the end block; any remainder was refunded.
	Expired,
}

impl SubscriptionStatus {
	/// Whether the subscription still holds a deposit and a provider's capacity.
	pub fn is_live(&self) -> bool {
		matches!(self, Self::Assigned | Self::Deployed)
	}
}

/// A subscription of `consumer` to one deployment of `type_id` by `provider`.
///
/// Billing: the deposit pays `price_per_block` for every block from `start` to `end`
/// (`end = start + deposit / price_per_block`). At any time `paid + (deposit - paid) ==
/// deposit`; once the subscription is over, `paid + refunded == deposit`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Subscription<AccountId, Balance, BlockNumber, TypeId, Cid, Endpoint> {
	/// The account that subscribed and whose deposit is held.
	pub consumer: AccountId,
	/// The assigned provider.
	pub provider: AccountId,
	/// The descriptor type.
	pub type_id: TypeId,
	/// The CID of the deployment descriptor.
	pub descriptor_cid: Cid,
	/// The provider's price per block at assignment.
	pub price_per_block: Balance,
	/// The total deposit (initial plus top-ups).
	pub deposit: Balance,
	/// The total paid to the provider so far.
	pub paid: Balance,
	/// The total refunded to the consumer (set when the subscription ends).
	pub refunded: Balance,
	/// The block in which the subscription was created; billing starts here.
	pub start: BlockNumber,
	/// The provider is paid up to this block.
	pub paid_until: BlockNumber,
	/// The block at which the deposit is used up.
	pub end: BlockNumber,
	/// The block whose expiry queue holds the subscription (`end`, or later if that block's
	/// queue was full; billing still stops at `end`).
	pub expires_at: BlockNumber,
	/// The state.
	pub status: SubscriptionStatus,
	/// The endpoint information reported by the provider (empty until deployed).
	pub endpoint: Endpoint,
}
