// Tests never read the developer's own numlink settings by accident.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('NUMLINK_') && !name.startsWith('NUMLINK_TEST_')) delete process.env[name];
}
