mod test_haircut;
mod test_insurance;
mod test_smoke;
mod test_waterfall;
