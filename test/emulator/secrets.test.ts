import { describe, expect, it } from 'vitest'
import { SecretFilter, sameSecret } from '../../src/emulator/secrets.ts'
import { heapKeptBy } from '../support/heap.ts'

describe('sameSecret', () => {
  it.each([
    ['kopru-key', 'kopru-key', true],
    ['kopru-kex', 'kopru-key', false],
    ['kopru', 'kopru-key', false],
    ['kopru-key-and-more', 'kopru-key', false],
    ['', 'kopru-key', false],
    [undefined, 'kopru-key', false],
    ['şifre', 'şifre', true],
  ])('compares %j with %j: %s', (given, expected, same) => {
    expect(sameSecret(given, expected)).toBe(same)
  })
})

describe('SecretFilter', () => {
  const filter = new SecretFilter({
    query: ['token', 'userPassword'],
    body: ['token', 'userPassword'],
  })

  it('replaces secret query parameters, whatever their case or escaping', () => {
    expect(filter.query('?userEmail=a%40b.c&userPassword=gizli')).toBe(
      '?userEmail=a%40b.c&userPassword=***',
    )
    expect(filter.query('?limit=5&TOKEN=abc&%74oken=def&token[]=ghi')).toBe(
      '?limit=5&TOKEN=***&%74oken=***&token[]=***',
    )
    expect(filter.query('?token=abc&limit=5')).toBe('?token=***&limit=5')
    expect(filter.query('?limit=5&offset=0')).toBe('?limit=5&offset=0')
  })

  it('replaces secret fields in JSON at any depth, in forms, and in a body cut off', () => {
    expect(filter.body('{"a":{"token":"abc","n":1},"userPassword": "x\\"y"}')).toBe(
      '{"a":{"token":"***","n":1},"userPassword": "***"}',
    )
    expect(filter.body('{"\\u0074oken":12345,"list":["token"]}')).toBe(
      '{"\\u0074oken":"***","list":["token"]}',
    )
    expect(filter.body('order_number=7&token=abc&userPassword=p%40ss')).toBe(
      'order_number=7&token=***&userPassword=***',
    )
    expect(filter.body(`{"note":"${'x'.repeat(30)}","token":"abcdef`, 54)).toBe(
      `{"note":"${'x'.repeat(30)}","token":"***"`,
    )
  })

  it('keeps bodies and queries of an API without such secrets as they are', () => {
    const none = new SecretFilter({ headers: ['authorization'] })
    expect(none.query('?token=abc')).toBe('?token=abc')
    expect(none.body('{"token":"abc"}')).toBe('{"token":"abc"}')
  })

  it('keeps the start of a long body, not the body: the log keeps 2,000 starts', async () => {
    const none = new SecretFilter({})
    const { kept, bytes } = await heapKeptBy(() => {
      const starts: string[] = []
      for (let i = 0; i < 40; i++) {
        // about 600 KB each, 24 MB in all: what keeping the bodies would cost
        const keys = Array.from({ length: 20_000 }, (_, j) => `contact.${i}.${j}@example.dk`)
        const body = JSON.stringify({ KeyType: 'Email', Keys: keys })
        starts.push(filter.body(body), none.body(body))
      }
      return starts
    })
    expect(kept.every((start) => start.length === 2000)).toBe(true)
    // the 80 starts are 160 KB
    expect(bytes).toBeLessThan(4 * 1024 * 1024)
  })
})
