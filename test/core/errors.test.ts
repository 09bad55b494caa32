import { describe, expect, it } from 'vitest'
import { redactPassword } from '../../src/core/errors.ts'

describe('redactPassword', () => {
  it('hides the password of a URL’s user part, with or without a user name', () => {
    expect(redactPassword('postgres://kopru:s3cret@db.internal/kopru')).toBe(
      'postgres://kopru:***@db.internal/kopru',
    )
    expect(redactPassword('redis://:s3cret@queue:6379/2')).toBe('redis://:***@queue:6379/2')
  })

  it('leaves a URL without a password as it is, a port or an @ in the query included', () => {
    for (const url of ['redis://127.0.0.1:6379/2', 'postgres://db/kopru?note=a@b', 'redis://u@h'])
      expect(redactPassword(url)).toBe(url)
  })
})
