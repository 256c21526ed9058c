mod test_smoke;
mod test_waterfall;
