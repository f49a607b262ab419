//! Genesis presets: the six ed25519 dev accounts are funded and `//Alice` (ed25519) is sudo.

use crate::{
	AccountId, AuraConfig, BalancesConfig, ParachainInfoConfig, RuntimeGenesisConfig, SudoConfig,
	UNIT,
};
use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The parachain id of the dev chain.
pub const PARACHAIN_ID: u32 = 1000;
/// What each dev account starts with: one million units.
pub const DEV_ACCOUNT_BALANCE: u128 = 1_000_000 * UNIT;

/// The dev accounts: ed25519 keys of the well-known dev mnemonic with `//Alice` ... `//Ferdie`.
pub fn dev_accounts() -> Vec<AccountId> {
	[
		Ed25519Keyring::Alice,
		Ed25519Keyring::Bob,
		Ed25519Keyring::Charlie,
		Ed25519Keyring::Dave,
		Ed25519Keyring::Eve,
		Ed25519Keyring::Ferdie,
	]
	.into_iter()
	.map(|k| k.to_account_id())
	.collect()
}

fn genesis(authorities: Vec<AuraId>, endowed: Vec<AccountId>, root: AccountId) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, DEV_ACCOUNT_BALANCE)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: ParaId::from(PARACHAIN_ID) },
		aura: AuraConfig { authorities },
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The development preset: `//Alice` (sr25519) is the Aura authority.
fn development() -> Value {
	genesis(
		vec![Sr25519Keyring::Alice.public().into()],
		dev_accounts(),
		Ed25519Keyring::Alice.to_account_id(),
	)
}

/// The local testnet preset: `//Alice` and `//Bob` (sr25519) are the Aura authorities.
fn local_testnet() -> Value {
	genesis(
		vec![Sr25519Keyring::Alice.public().into(), Sr25519Keyring::Bob.public().into()],
		dev_accounts(),
		Ed25519Keyring::Alice.to_account_id(),
	)
}

/// The preset with the given id.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The ids of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
