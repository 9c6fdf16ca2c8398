import { describe, expect, it } from 'vitest';
import { transactionTableUnits } from '../../local/fault-proxy';

const put = (PK: string, extra = 0) => ({ Put: { TableName: 't', Item: { PK: { S: PK }, SK: { S: 'HOLDS' }, v: { S: 'x'.repeat(extra) }, n: { N: '12345' }, m: { M: { a: { L: [{ BOOL: true }] } } } } } });

describe('the DynamoDB meter', () => {
  it('bills a transaction two units per KB of each item, as DynamoDB does (DynamoDB Local reports far less)', () => {
    expect(transactionTableUnits({ TransactItems: [put('a'), put('b'), put('c')] })).toBe(6);
    expect(transactionTableUnits({ TransactItems: Array.from({ length: 100 }, (_, i) => put(`h${i}`)) })).toBe(200);
    // 3,000 bytes of value: 3 KB, 6 units; an Update's item is not in the request: the minimum, 2.
    expect(transactionTableUnits({ TransactItems: [put('big', 3_000), { Update: { TableName: 't', Key: { PK: { S: 'b' } } } }] })).toBe(8);
    expect(transactionTableUnits({ TransactItems: [put('edge', 1_024 - 40)] })).toBe(2);
    expect(transactionTableUnits({ TransactItems: [put('over', 1_024)] })).toBe(4);
  });
});
