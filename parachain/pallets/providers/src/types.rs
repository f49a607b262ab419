//! Types stored and exchanged by the providers pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;

/// Identifier of a descriptor type, e.g. `b"docker-compose"`. At most `MaxTypeIdLen` bytes.
pub type TypeIdOf<T> = BoundedVec<u8, <T as crate::Config>::MaxTypeIdLen>;
/// A content identifier (CID) as its UTF-8 bytes, at most `MaxCidLen` bytes.
pub type CidOf<T> = BoundedVec<u8, <T as crate::Config>::MaxCidLen>;
/// The offers of a provider: the types it serves and its price per block for each.
pub type OffersOf<T> =
	BoundedVec<Offer<TypeIdOf<T>, crate::BalanceOf<T>>, <T as crate::Config>::MaxTypesPerProvider>;
/// The free-form metadata of a provider.
pub type ProviderMetadataOf<T> = ProviderMetadata<
	BoundedVec<u8, <T as crate::Config>::MaxNameLen>,
	BoundedVec<u8, <T as crate::Config>::MaxRegionLen>,
	BoundedVec<u8, <T as crate::Config>::MaxContactLen>,
>;
/// A registered descriptor type.
pub type DescriptorTypeOf<T> =
	DescriptorType<<T as frame_system::Config>::AccountId, crate::BalanceOf<T>, CidOf<T>>;
/// A registered provider.
pub type ProviderOf<T> = Provider<crate::BalanceOf<T>, OffersOf<T>, ProviderMetadataOf<T>>;

/// Whether a descriptor type can be used for new registrations and subscriptions.
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
pub enum TypeStatus {
	/// The type can be offered by providers and subscribed to.
	Active,
	/// Retired by root: no new offers or subscriptions; existing subscriptions continue.
	Retired,
}

/// A descriptor type registered by `owner`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct DescriptorType<AccountId, Balance, Cid> {
	/// The account that registered the type and whose deposit is held for it.
	pub owner: AccountId,
	/// The CID of the type's JSON Schema.
	pub schema_cid: Cid,
	/// The deposit held from `owner` while the type is active (released on retirement).
	pub deposit: Balance,
	/// Whether the type is active or retired.
	pub status: TypeStatus,
}

/// A provider's price for serving one descriptor type.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Offer<TypeId, Balance> {
	/// The descriptor type served.
	pub type_id: TypeId,
	/// The price per block of one deployment of this type. Never zero.
	pub price_per_block: Balance,
}

/// Free-form, bounded provider metadata. The chain does not interpret it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	Default,
)]
pub struct ProviderMetadata<Name, Region, Contact> {
	/// Human readable name.
	pub name: Name,
	/// Region, e.g. `eu-west`.
	pub region: Region,
	/// Contact, e.g. an e-mail address or a URL.
	pub contact: Contact,
}

/// Whether a provider receives new assignments.
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
pub enum ProviderStatus {
	/// The provider receives new assignments.
	Active,
	/// Draining: no new assignments; existing ones continue.
	Paused,
}

/// A registered provider.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Provider<Balance, Offers, Metadata> {
	/// Whether the provider receives new assignments.
	pub status: ProviderStatus,
	/// The types served and the price per block of each.
	pub offers: Offers,
	/// The maximum number of concurrent deployments.
	pub capacity: u32,
	/// The number of deployments currently assigned.
	pub assigned: u32,
	/// The free-form metadata.
	pub metadata: Metadata,
	/// The deposit held while registered.
	pub deposit: Balance,
}

impl<Balance, Offers, Metadata> Provider<Balance, Offers, Metadata> {
	/// The number of further deployments this provider can take (zero when over capacity).
	pub fn free_capacity(&self) -> u32 {
		self.capacity.saturating_sub(self.assigned)
	}
}

/// How the pallet picks a provider for a new subscription.
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
	Default,
)]
pub enum AssignmentStrategy {
	/// The next candidate after the one picked last for the same type, in registration order.
	#[default]
	RoundRobin,
	/// A candidate chosen from the runtime's randomness source.
	Random,
	/// The candidate with the most free capacity (ties: registration order).
	CapacityBased,
}

/// How the subscriptions pallet asks for a provider. Implemented by this pallet.
pub trait ProviderAssignment<AccountId, Balance> {
	/// The identifier of a descriptor type.
	type TypeId: Parameter + MaxEncodedLen;

	/// Whether `type_id` is registered and not retired.
	fn is_type_active(type_id: &Self::TypeId) -> bool;

	/// Picks a provider for one deployment of `type_id` with the active strategy among the
	/// active providers that serve the type, have free capacity and ask at most `max_price`
	/// per block, and takes one unit of its capacity. Returns the provider and its price per
	/// block, or `None` if there is no candidate.
	fn assign(type_id: &Self::TypeId, max_price: Balance) -> Option<(AccountId, Balance)>;

	/// Gives back the unit of capacity taken by `assign` when a deployment ends.
	fn release(provider: &AccountId);

	/// The most providers `assign` considers (the bound of its weight).
	fn max_candidates() -> u32;

	/// Registers a descriptor type of maximal id length (the same on every call) and an active
	/// provider serving only it at `price` with `capacity`, without deposits, and returns the
	/// type id. For benchmarks of dependent pallets only.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(provider: &AccountId, price: Balance, capacity: u32) -> Self::TypeId;
}
