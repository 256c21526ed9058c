mod test_accounts;
mod test_admin;
mod test_haircut;
mod test_insurance;
mod test_pause;
mod test_shortfall;
mod test_smoke;
mod test_waterfall;
