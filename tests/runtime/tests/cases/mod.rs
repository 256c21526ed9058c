mod test_smoke;
