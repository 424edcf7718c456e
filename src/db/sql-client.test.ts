import { numberPlaceholders, Params } from './sql-client';

test('numberPlaceholders numbers ? outside quotes and leaves quoted ones', () => {
  expect(numberPlaceholders('a = ? AND b = ?', 3)).toBe('a = $3 AND b = $4');
  expect(numberPlaceholders(`scim->'what?' = ? OR x = 'it''s ?' AND y = ?`)).toBe(`scim->'what?' = $1 OR x = 'it''s ?' AND y = $2`);
  expect(numberPlaceholders('no placeholders')).toBe('no placeholders');
});

test('Params hands out $n in order and sends undefined as null', () => {
  const p = new Params();
  expect([p.add('a'), p.add(undefined), p.add(3)]).toEqual(['$1', '$2', '$3']);
  expect(p.values).toEqual(['a', null, 3]);
});
