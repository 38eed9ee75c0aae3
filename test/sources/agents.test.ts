import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../src/sources/agents.js';

describe('AgentDirectory keys', () => {
  const composed = 'Jos\u00e9@example.com';
  const decomposed = 'Jose\u0301@example.com';

  it('joins composed and decomposed accents', () => {
    const agents = new AgentDirectory();

    expect(agents.resolve(composed)).toBe('jos\u00e9@example.com');
    expect(agents.resolve(decomposed)).toBe('jos\u00e9@example.com');
    expect(agents.displayNames().get('jos\u00e9@example.com')).toBe(composed);
  });

  it('matches a roster alias written the other way', () => {
    const agents = new AgentDirectory();
    agents.addRosterEntry({ agent: 'jose', name: 'José Lima', aliases: [decomposed] });

    expect(agents.resolve(` ${composed.toUpperCase()} `)).toBe('jose');
  });

  it('drops invisible characters', () => {
    const agents = new AgentDirectory();

    expect(agents.resolve('ana\u200b@example.com')).toBe('ana@example.com');
    expect(agents.resolve('\u200eana@example.com\ufeff')).toBe('ana@example.com');
    expect(agents.resolve('an\u00ada@example.com')).toBe('ana@example.com');
  });

  it('keeps an id of invisible characters only', () => {
    expect(new AgentDirectory().resolve('\u200b')).toBe('\u200b');
  });
});
