// Keywords a content hint cannot match without: the native reader drops a file that holds none of them
// before JavaScript decodes it. Conservative by construction: when a hint's shape is not understood, null
// (every file passes and the hint itself decides, as without the native reader).

/** Lower-cased literals of which any match of `re` must contain one (ASCII case-insensitively); null: no such set. */
export function requiredLiterals(re: RegExp, minLength = 3): string[] | null {
  // With u or v, case folding maps ſ to s and K (Kelvin) to k: a byte search would miss them.
  if (re.flags.includes('u') || re.flags.includes('v')) return null;
  let clause: Clause;
  try {
    clause = new Parser(re.source).alternation();
  } catch {
    return null;
  }
  if (!clause || clause.some((l) => l.length < minLength)) return null;
  return [...new Set(clause.map((l) => l.toLowerCase()))];
}

/** Alternatives of which one must occur; null: nothing known to be required. */
type Clause = string[] | null;

/** Of two required clauses, the more selective: the one whose shortest literal is longest. */
function better(a: Clause, b: Clause): Clause {
  if (!a) return b;
  if (!b) return a;
  const ma = Math.min(...a.map((s) => s.length));
  const mb = Math.min(...b.map((s) => s.length));
  return mb > ma || (mb === ma && b.length < a.length) ? b : a;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  /** a|b|c up to ')' or the end: every branch must give a clause, and the union is required. */
  alternation(): Clause {
    const branches: Clause[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => !b)) return null;
    return branches.flatMap((b) => b!);
  }

  /** A run of atoms: the best clause among its required literal runs and required groups. */
  private sequence(): Clause {
    let best: Clause = null;
    let run = '';
    const endRun = () => { if (run) best = better(best, [run]); run = ''; };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      if (atom.kind === 'char') {
        if (q === 'optional') { endRun(); continue; }
        run += atom.char;
        if (q === 'repeat') endRun(); // 'a+': one a is required, what follows may not be adjacent
      } else {
        endRun();
        if (atom.kind === 'group' && q !== 'optional') best = better(best, atom.clause);
      }
    }
    endRun();
    return best;
  }

  private atom(): { kind: 'char'; char: string } | { kind: 'group'; clause: Clause } | { kind: 'other' } {
    const c = this.src[this.i++];
    if (c === '\\') {
      const e = this.src[this.i++];
      if (e === undefined) throw new Error('trailing backslash');
      if (/[dDwWsSbBnrtfv0-9cxuk]/.test(e)) {
        // classes, anchors, control and numeric escapes, backreferences: skip their arguments, require nothing
        if (e === 'x') this.i += 2;
        else if (e === 'u') this.i += this.src[this.i] === '{' ? this.src.indexOf('}', this.i) - this.i + 1 : 4;
        else if (e === 'c') this.i += 1;
        else if (e === 'k') this.i = this.src.indexOf('>', this.i) + 1;
        return { kind: 'other' };
      }
      return /[A-Za-z0-9]/.test(e) ? { kind: 'other' } : { kind: 'char', char: e };
    }
    if (c === '[') {
      if (this.src[this.i] === '^') this.i++;
      if (this.src[this.i] === ']') this.i++;
      while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
      if (this.i >= this.src.length) throw new Error('unclosed class');
      this.i++;
      return { kind: 'other' };
    }
    if (c === '(') {
      let required = true;
      if (this.src[this.i] === '?') {
        const kind = this.src.slice(this.i, this.i + 3);
        if (kind.startsWith('?:') || kind.startsWith('?=')) this.i += 2;
        else if (kind === '?<=') this.i += 3;
        else if (kind.startsWith('?!') || kind === '?<!') { this.i += kind === '?<!' ? 3 : 2; required = false; }
        else if (kind.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1; // named group
        else throw new Error('unknown group');
      }
      const clause = this.alternation();
      if (this.src[this.i] !== ')') throw new Error('unclosed group');
      this.i++;
      return { kind: 'group', clause: required ? clause : null };
    }
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')' || c === ']' || c === '}' || c === '|') {
      // a quantifier with nothing before it, or a stray bracket: not a shape this parser trusts
      if (c === ']' || c === '}') return { kind: 'char', char: c };
      throw new Error('unexpected token');
    }
    return { kind: 'char', char: c };
  }

  /** The quantifier after an atom: optional (?, *, {0,…}), repeat (+, {n≥1,…}) or none. */
  private quantifier(): 'none' | 'optional' | 'repeat' {
    const c = this.src[this.i];
    let q: 'none' | 'optional' | 'repeat' = 'none';
    if (c === '?' || c === '*') { this.i++; q = 'optional'; }
    else if (c === '+') { this.i++; q = 'repeat'; }
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.i));
      if (!m) return 'none'; // a literal '{'
      this.i += m[0].length;
      q = Number(m[1]) === 0 ? 'optional' : m[2] !== undefined || Number(m[1]) > 1 ? 'repeat' : 'none';
    }
    if (q !== 'none' && this.src[this.i] === '?') this.i++; // lazy
    return q;
  }
}
