//! Seed data (being built).

use super::Data;
use super::seed::Rng;

pub(crate) fn seed(_data: &mut Data, _rng: &mut Rng) {}
