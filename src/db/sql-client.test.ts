import { numberPlaceholders } from './sql-client';

test('numberPlaceholders numbers ? outside quotes and leaves quoted ones', () => {
  expect(numberPlaceholders('a = ? AND b = ?', 3)).toBe('a = $3 AND b = $4');
  expect(numberPlaceholders(`scim->'what?' = ? OR x = 'it''s ?' AND y = ?`)).toBe(`scim->'what?' = $1 OR x = 'it''s ?' AND y = $2`);
  expect(numberPlaceholders('no placeholders')).toBe('no placeholders');
});
