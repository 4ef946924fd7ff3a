#!/usr/bin/env python3
"""Independent oracle for the constraints botocore's cognito-idp model puts on requests.

    python3 scripts/model_oracle.py --seed N --count K    # K cases per operation, JSON Lines
    python3 scripts/model_oracle.py --self-test

The model is read from the installed botocore, never from the project. Each output line is
{"operation", "mutation", "path", "request", "valid", "problems"}: a valid request of
CreateUserPool, SetUserPoolMfaConfig or AdminCreateUser, maybe with one member mutated at
`path`; `valid` and `problems` (deduplicated paths, in discovery order) are this validator's
verdict on the final request. Paths: `A.B`, `List[2].Name`, `Map["key"]` (the key
JSON-quoted, non-ASCII kept as is). Only the standard library, botocore and regex are used.
"""
import argparse
import json
import os
import random
import sys

import botocore
import botocore.loaders
import regex

OPERATIONS = ('CreateUserPool', 'SetUserPoolMfaConfig', 'AdminCreateUser')
MODEL = botocore.loaders.Loader().load_service_model('cognito-idp', 'service-2')
SHAPES = MODEL['shapes']
INPUTS = {op: MODEL['operations'][op]['input']['shape'] for op in OPERATIONS}
# SetUserPoolMfaConfig.UserPoolId is filled in by the tool itself: always valid, never mutated.
FIXED_POOL_ID = 'us-east-1_AbCdEf123'
INT_LIMITS = {'integer': (-2**31, 2**31 - 1), 'long': (-2**63, 2**63 - 1)}


# ------------------------------------------------------------ Java regex -> `regex` module
class Untranslatable(Exception):
    pass


# Java's \s \w \d are ASCII-only (no UNICODE_CHARACTER_CLASS flag); these are class bodies.
SHORTHAND = {'s': r'\x20\t\n\x0b\f\r', 'w': 'a-zA-Z0-9_', 'd': '0-9'}
JAVA_DOT = r'[^\n\r\x85\u2028\u2029]'   # Java `.` without DOTALL: all but line terminators
CATEGORIES = {'L', 'M', 'S', 'N', 'P', 'Z'}
SIMPLE_ESCAPES = {'t': '\t', 'n': '\n', 'r': '\r', 'f': '\f'}


def _lit(c):
    """A literal code point, escaped so that no regex (or V1 set-operator) syntax can arise."""
    return c if c.isascii() and (c.isalnum() or c == '_') else '\\U%08x' % ord(c)


def _escape(p, i, in_class):
    """The escape at p[i] == '\\' -> ('char', char, next) or ('set', regex text, next)."""
    c = p[i + 1:i + 2]
    if c and c.lower() in SHORTHAND:
        body = SHORTHAND[c.lower()]
        if c.islower():
            return 'set', body if in_class else f'[{body}]', i + 2
        return 'set', f'[^{body}]', i + 2   # in a class: a nested set, which regex.V1 unions
    if c and c in 'pP':
        m = regex.match(r'\{([A-Za-z]+)\}', p[i + 2:])
        if not m or m.group(1) not in CATEGORIES:
            raise Untranslatable(f'unsupported property at {i} in {p!r}')
        return 'set', f'\\{c}{{{m.group(1)}}}', i + 2 + m.end()
    if c and c in 'xu':
        width = 2 if c == 'x' else 4
        digits = p[i + 2:i + 2 + width]
        if len(digits) != width or not regex.fullmatch(r'[0-9A-Fa-f]+', digits):
            raise Untranslatable(f'bad \\{c} escape in {p!r}')
        return 'char', chr(int(digits, 16)), i + 2 + width
    if c in SIMPLE_ESCAPES:
        return 'char', SIMPLE_ESCAPES[c], i + 2
    if c and not c.isalnum():       # Java: a backslash before a non-alphanumeric quotes it
        return 'char', c, i + 2
    raise Untranslatable(f'unsupported escape \\{c} in {p!r}')


def _char_class(p, i):
    """The Java character class starting at p[i] == '[' -> (regex text, next index)."""
    i += 1
    negated = p.startswith('^', i)
    i += negated
    parts = []
    while i < len(p) and (p[i] != ']' or not parts):
        if p[i] in '[]' or p.startswith('&&', i):     # Java unions/intersections, `[]...]`
            raise Untranslatable(f'nested class, && or leading ] in {p!r}')
        kind, val, i = _escape(p, i, True) if p[i] == '\\' else ('char', p[i], i + 1)
        if kind == 'char' and p.startswith('-', i) and p[i + 1:i + 2] not in ('', ']'):
            raw = p[i + 1]
            hi_kind, hi, i = _escape(p, i + 1, True) if raw == '\\' else ('char', raw, i + 2)
            if hi_kind != 'char' or raw == '[' or ord(hi) < ord(val):
                raise Untranslatable(f'bad range in {p!r}')
            parts.append(f'{_lit(val)}-{_lit(hi)}')
        else:                                          # '-' first or last is a literal
            parts.append(_lit(val) if kind == 'char' else val)
    if i >= len(p):
        raise Untranslatable(f'unterminated class in {p!r}')
    return '[' + '^' * negated + ''.join(parts) + ']', i + 1


# Same syntax and meaning in both engines: groups, alternation, greedy/lazy/possessive
# quantifiers.
PASSTHROUGH = regex.compile(r'\(\?:|[()|*+?]|\{\d+(?:,\d*)?\}')


def translate(p):
    """Java Pattern source -> regex.V1 source with the same fullmatch (= Java matches())."""
    dotall = p.startswith('(?s)')
    start = i = 4 if dotall else 0
    out = []
    while i < len(p):
        c, same = p[i], PASSTHROUGH.match(p, i)
        if c == '\\':
            kind, val, i = _escape(p, i, False)
            out.append(_lit(val) if kind == 'char' else val)
        elif c == '[':
            text, i = _char_class(p, i)
            out.append(text)
        elif p.startswith('(?', i) and not p.startswith('(?:', i):
            raise Untranslatable(f'unsupported group or flag at {i} in {p!r}')
        elif same:
            out.append(same.group())
            i = same.end()
        elif c in '^$' and i == (start if c == '^' else len(p) - 1):
            # Java `$` may match before a final line terminator, but matches() must then still
            # consume it, and nothing follows a trailing `$`: so there it is exactly `\Z`.
            out.append(r'\A' if c == '^' else r'\Z')
            i += 1
        elif c in '^${':
            raise Untranslatable(f'inner anchor or bad quantifier at {i} in {p!r}')
        else:
            out.append(('(?s:.)' if dotall else JAVA_DOT) if c == '.' else _lit(c))
            i += 1
    return ''.join(out)


_COMPILED = {}


def java_match(pattern, s):
    if pattern not in _COMPILED:
        _COMPILED[pattern] = regex.compile(translate(pattern), regex.V1)
    return _COMPILED[pattern].fullmatch(s) is not None


# ------------------------------------------------------------ validator
def join(path, member):
    return f'{path}.{member}' if path else member


def entry(path, key):
    return f'{path}[{json.dumps(key, ensure_ascii=False)}]'


def _bounds_ok(n, s):
    return s.get('min', n) <= n <= s.get('max', n)


def pattern_ok(name, v):
    return 'pattern' not in SHAPES[name] or java_match(SHAPES[name]['pattern'], v)


def string_ok(name, v):             # len() of a Python str counts code points
    s = SHAPES[name]
    return _bounds_ok(len(v), s) and v in s.get('enum', [v]) and pattern_ok(name, v)


def check(v, name, path, out):
    s = SHAPES[name]
    t = s['type']
    container = {'structure': dict, 'map': dict, 'list': list}.get(t)
    if v is None or container and not isinstance(v, container):   # null is never acceptable
        out.append(path)
    elif t == 'structure':
        for k, x in v.items():
            if k in s['members']:
                check(x, s['members'][k]['shape'], join(path, k), out)
            else:
                out.append(join(path, k))
        out.extend(join(path, r) for r in s.get('required', []) if r not in v)
    elif container:
        if not _bounds_ok(len(v), s):
            out.append(path)
        for i, x in enumerate(v) if t == 'list' else []:
            check(x, s['member']['shape'], f'{path}[{i}]', out)
        for k, x in v.items() if t == 'map' else []:    # bad key, bad value: the entry path
            if not string_ok(s['key']['shape'], k):
                out.append(entry(path, k))
            check(x, s['value']['shape'], entry(path, k), out)
    elif t == 'string':
        if not (isinstance(v, str) and string_ok(name, v)):
            out.append(path)
    elif t in INT_LIMITS:           # bool is an int subclass in Python; floats are refused
        lo, hi = INT_LIMITS[t]
        if not (type(v) is int and lo <= v <= hi and _bounds_ok(v, s)):
            out.append(path)
    elif t == 'boolean':
        if not isinstance(v, bool):
            out.append(path)
    else:
        raise NotImplementedError(f'shape type {t!r} of {name}')


def validate(op, request):
    out = []
    check(request, INPUTS[op], '', out)
    return list(dict.fromkeys(out))


# ------------------------------------------------------------ generator
CANDIDATES = [
    'hello', 'MyPool', 'my pool', 'pool-1.test', 'Example_Pool', 'email', 'given_name',
    'custom:tier', 'Level1', 'Level2', 'Level3', 'Level4', 'openid', 'https://example.com/read',
    'aws.cognito.signin.user.admin', 'arn:aws:lambda:us-east-1:123456789012:function:hook',
    'arn:aws:iam::123456789012:role/sms',
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'Your code is {####}', 'Code é {####}', 'Ton code : {####} 日本', 'Click {##here##}',
    'Cliquez {##ici é##}', 'Your code is {####}\nThanks', 'Verify your account', 'Vérifiez 日本',
    'name@example.com', 'josé@exämple.com', 'us-east-1', 'eu-west-2', '+14155550100',
    FIXED_POOL_ID, 'eu-west-2_Xy9', 'Passw0rd!', 'p\u00a0w-Ünï', 'config-set_1', 'example.com',
    'é', '日本', 'Zoë 😀', '', 'prod', 'env', '42',
]
PADS = 'a0_.x'
BREAKERS = ['\u00a0', '\u2028', '\u200b', '\ue000', '\n', '\t', ' ', '\x07', '\x1b', 'é', '!']
KINDS = ['too_long', 'too_short', 'out_of_range', 'bad_enum', 'pattern', 'wrong_type', 'null',
         'unknown_member', 'missing_required', 'too_many_items']


def resize(name, base, n):
    """A string of exactly n code points made from base, still matching the pattern; or None."""
    if len(base) >= n:
        tries = [base[:n], base[len(base) - n:]]
    else:
        pads = [c * (n - len(base)) for c in PADS]
        tries = [base + pad for pad in pads] + [pad + base for pad in pads]
    return next((t for t in tries if pattern_ok(name, t)), None)


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self._fits = {}

    def fits(self, name):
        """The candidate strings valid for a non-enum string shape, padded/trimmed to fit."""
        if name not in self._fits:
            s, found = SHAPES[name], []
            for c in CANDIDATES:
                r = resize(name, c, min(max(len(c), s.get('min', 0)), s.get('max', len(c))))
                if r is not None and string_ok(name, r) and r not in found:
                    found.append(r)
            if not found:
                raise RuntimeError(f'no candidate string fits shape {name}: {s}')
            self._fits[name] = found
        return self._fits[name]

    def value(self, name):
        s, r = SHAPES[name], self.rng
        t, lo, hi = s['type'], s.get('min'), s.get('max')
        if t == 'structure':
            return {m: self.value(ref['shape']) for m, ref in s['members'].items()
                    if m in s.get('required', []) or r.random() < 0.5}
        if t == 'list':
            lo = lo or 0                # at most 3 elements, unless the minimum is higher
            n = r.randint(lo, max(lo, 3 if hi is None else min(hi, 3)))
            return [self.value(s['member']['shape']) for _ in range(n)]
        if t == 'map':
            lo, out = max(1, lo or 0), {}
            self.fill_map(out, s, r.randint(lo, max(lo, 2 if hi is None else min(hi, 2))))
            return out
        if t == 'string' and 'enum' in s:
            return r.choice(s['enum'])
        if t == 'string':
            v = r.choice(self.fits(name))
            ends = [n for n in (lo, hi) if n is not None and n <= 2048]
            if ends and r.random() < 0.1:       # sometimes exactly at a length bound
                v = resize(name, v, r.choice(ends)) or v
            assert string_ok(name, v), (name, v)
            return v
        if t in INT_LIMITS:
            lo = lo if lo is not None else (hi - 100 if hi is not None else 0)
            return r.randint(lo, hi if hi is not None else lo + 100)
        if t == 'boolean':
            return r.random() < 0.5
        raise NotImplementedError(f'shape type {t!r} of {name}')

    def fill_map(self, m, s, n):
        """Add entries with distinct valid keys until m has n; False if that is impossible."""
        for _ in range(50 * n):
            if len(m) >= n:
                break
            k = self.value(s['key']['shape'])
            if k not in m:
                m[k] = self.value(s['value']['shape'])
        return len(m) >= n

    def sites(self, op, req):
        """('struct', value, shape, path, removable required members) for each structure, and
        (where, container, key, shape, path) for each member (present, or absent but optional
        in a present structure), list element, map key (path: the map's) and map value."""
        out = []

        def walk(v, name, path):
            s = SHAPES[name]
            if s['type'] == 'structure':
                fixed = op == 'SetUserPoolMfaConfig' and path == ''   # never touch UserPoolId
                members = [m for m in s['members'] if not (fixed and m == 'UserPoolId')]
                required = [m for m in s.get('required', []) if m in v and m in members]
                out.append(('struct', v, name, path, required))
                for m in members:
                    out.append(('member', v, m, s['members'][m]['shape'], join(path, m)))
                    if m in v:
                        walk(v[m], s['members'][m]['shape'], join(path, m))
            elif s['type'] == 'list':
                for i, x in enumerate(v):
                    out.append(('elem', v, i, s['member']['shape'], f'{path}[{i}]'))
                    walk(x, s['member']['shape'], f'{path}[{i}]')
            elif s['type'] == 'map':
                for k, x in list(v.items()):
                    out.append(('key', v, k, s['key']['shape'], path))
                    out.append(('value', v, k, s['value']['shape'], entry(path, k)))
                    walk(x, s['value']['shape'], entry(path, k))
        walk(req, INPUTS[op], '')
        return out

    @staticmethod
    def applies(kind, site):
        if site[0] == 'struct':
            return kind == 'unknown_member' or kind == 'missing_required' and bool(site[4])
        s, value = SHAPES[site[3]], site[0] != 'key'
        t, sized = s['type'], s['type'] in ('list', 'map') and site[0] != 'key'
        return {'too_long': t == 'string' and 'max' in s, 'too_many_items': sized and 'max' in s,
                'too_short': (t == 'string' or sized) and s.get('min', 0) > 0,
                'out_of_range': t in INT_LIMITS and ('min' in s or 'max' in s),
                'bad_enum': 'enum' in s, 'pattern': 'pattern' in s,
                'wrong_type': value, 'null': value}.get(kind, False)

    def new_value(self, kind, name, cur):
        """The mutated value for a member, element, map key or value; None if none can be made."""
        s, r = SHAPES[name], self.rng
        t = s['type']
        if kind == 'too_long':
            n = s['max'] + (1 if s['max'] > 20 else 5)
            return next(filter(None, (resize(name, b, n) for b in [cur] + self.fits(name))), None)
        if kind == 'too_short':
            n = s['min'] - 1
            if t == 'string':
                return cur[:r.choice([0, n])]
            return cur[:n] if t == 'list' else dict(list(cur.items())[:n])
        if kind == 'out_of_range':
            if r.random() < 0.1:        # outside the JSON type's own range
                return r.choice([INT_LIMITS[t][1] + 1, INT_LIMITS[t][0] - 1])
            return r.choice([s[b] + d for b, d in (('min', -1), ('max', 1)) if b in s])
        if kind == 'bad_enum':
            swapped = r.choice(s['enum']).swapcase()
            return swapped if r.random() < 0.5 and swapped not in s['enum'] else 'NOT_A_VALUE'
        if kind == 'pattern':           # insert one forbidden char (replace one, at max length)
            for base in [cur] + self.fits(name):
                for c in r.sample(BREAKERS, len(BREAKERS)):
                    for i in (r.randint(0, len(base)), 0, len(base)):
                        x = base[:i] + c + base[i + (len(base) >= s.get('max', len(base) + 1)):]
                        if _bounds_ok(len(x), s) and not pattern_ok(name, x):
                            return x
            return None
        if kind == 'wrong_type':
            return r.choice({'string': [42, True], 'boolean': [str(cur).lower(), 1],
                             'structure': [[True]], 'list': [{}], 'map': [[True]]}.get(t)
                            or [str(cur), True, cur + 0.5])        # integer / long
        if kind == 'too_many_items' and t == 'list':
            return cur + [self.value(s['member']['shape']) for _ in range(s['max'] + 1 - len(cur))]
        if kind == 'too_many_items':
            out = dict(cur)
            return out if self.fill_map(out, s, s['max'] + 1) else None
        raise AssertionError(kind)

    def mutate(self, kind, site):
        """Apply one mutation in place; returns the mutated path, or None (request untouched)."""
        if site[0] == 'struct':
            _, v, name, path, required = site
            if kind == 'missing_required':
                m = self.rng.choice(required)
                del v[m]
                return join(path, m)
            members = SHAPES[name]['members']
            m = self.rng.choice(list(members))
            i = self.rng.randrange(len(m) - 1)
            swapped = m[:i] + m[i + 1] + m[i] + m[i + 2:]       # e.g. MinimumLenght
            bad = self.rng.choice(['Bogus', swapped, m.lower(), m + 's'])
            if bad in members or bad in v:
                return None
            v[bad] = 1 if bad == 'Bogus' else self.value(members[m]['shape'])
            return join(path, bad)
        where, box, key, name, path = site
        cur = key if where == 'key' else box[key] if where != 'member' or key in box \
            else self.value(name)
        new = None if kind == 'null' else self.new_value(kind, name, cur)
        if kind != 'null' and new is None or where == 'key' and new in box:
            return None
        if where != 'key':
            box[key] = new
            return path
        items = [(new if k == key else k, x) for k, x in box.items()]   # keep the entry order
        box.clear()
        box.update(items)
        return entry(path, new)

    def case(self, op):
        req = self.value(INPUTS[op])
        if op == 'SetUserPoolMfaConfig':
            req['UserPoolId'] = FIXED_POOL_ID
        kind, path = 'valid', None
        if self.rng.random() >= 0.3:
            sites = self.sites(op, req)
            options = {k: [x for x in sites if self.applies(k, x)] for k in KINDS}
            kinds = [k for k in KINDS if options[k]]
            while path is None:         # a kind for which every site fails is dropped
                kind = self.rng.choice(kinds)
                kinds.remove(kind)
                tries = self.rng.sample(options[kind], len(options[kind]))
                path = next(filter(None, (self.mutate(kind, x) for x in tries)), None)
        problems = validate(op, req)
        assert (path in problems) if path else not problems, (op, kind, path, problems, req)
        return {'operation': op, 'mutation': kind, 'path': path, 'request': req,
                'valid': not problems, 'problems': problems}


# ------------------------------------------------------------ self-test
def reachable():
    seen, todo = [], list(INPUTS.values())
    while todo:
        name = todo.pop(0)
        if name not in seen:
            seen.append(name)
            s = SHAPES[name]
            todo += [m['shape'] for m in s.get('members', {}).values()]
            todo += [s[k]['shape'] for k in ('member', 'key', 'value') if k in s]
    return seen


def self_test():
    email = SHAPES['EmailVerificationMessageType']['pattern']
    regex_cases = [     # (Java pattern, value, expected matches())
        (email, 'Code\u00a0{####}', False), (email, 'Code é {####}', True),
        (r'.*\{####\}.*', 'a\n{####}', False), (r'.*\{####\}.*', 'a {####}', True),
        ('.', '\u0085', False), ('.', '\u2028', False), ('.', '\r', False), ('.', '\u00a0', True),
        ('(?s).*', 'a\nb', True), ('Level[1-4]', 'Level1\n', False),
        (r'[\S]+', 'p\u00a0w', True), (r'[\S]+', 'p w', False),
        (r'[\w\s+=,.@-]+', 'é', False), (r'[\w\s+=,.@-]+', 'my pool', True),
        (r'\s\S', '\x0b\u00a0', True), (r'\d', '\u0663', False), (r'\w', 'é', False),
        ('^[a-z]+$', 'abc\n', False), (r'[\x21\x23-\x5B\x5D-\x7E]+', 'a"b', False),
    ]
    cup = {'PoolName': 'p'}
    acu = {'UserPoolId': FIXED_POOL_ID, 'Username': 'u'}
    request_cases = [   # (operation, request, expected problems)
        ('CreateUserPool', {**cup, 'AcrConfiguration': {'Level5': {'AcrValue': 'x'}}},
         ['AcrConfiguration["Level5"]']),
        ('CreateUserPool', {**cup, 'AcrConfiguration': {'Level1': {'AcrValue': 'x'}}}, []),
        ('CreateUserPool', {**cup, 'UsernameConfiguration': {}},
         ['UsernameConfiguration.CaseSensitive']),
        ('CreateUserPool', {**cup, 'UsernameConfiguration': [True]}, ['UsernameConfiguration']),
        ('CreateUserPool', {**cup, 'Policies': None}, ['Policies']),
        ('CreateUserPool', {}, ['PoolName']),
        ('CreateUserPool', {**cup, 'Policies': {'Bogus': 1}}, ['Policies.Bogus']),
        ('CreateUserPool', {**cup, 'UserPoolTags': {'env': 5}}, ['UserPoolTags["env"]']),
        ('AdminCreateUser', {**acu, 'UserAttributes': [{}]}, ['UserAttributes[0].Name']),
        ('SetUserPoolMfaConfig', {'UserPoolId': FIXED_POOL_ID}, []),
    ] + [('CreateUserPool', {**cup, 'Policies': {'PasswordPolicy': {'MinimumLength': x}}},
          [] if ok else ['Policies.PasswordPolicy.MinimumLength'])
         for x, ok in ((True, 0), (8.0, 0), (5, 0), (6, 1), (99, 1), (100, 0), (2**31, 0))]
    failed = [f'{p!r} on {v!r}: expected {want}' for p, v, want in regex_cases
              if java_match(p, v) != want]
    failed += [f'{op} {req!r}: got {validate(op, req)}, expected {want}'
               for op, req, want in request_cases if validate(op, req) != want]
    if SHAPES['AcrLevelKeyType'].get('pattern') != 'Level[1-4]':
        failed.append('the model no longer restricts AcrConfiguration keys to Level[1-4]')
    # Every reachable pattern must translate and every reachable string shape have a candidate
    # (both raise otherwise); the generator asserts its own verdict on each case.
    gen = Generator(0)
    for name in reachable():
        if 'pattern' in SHAPES[name]:
            translate(SHAPES[name]['pattern'])
        if SHAPES[name]['type'] == 'string' and 'enum' not in SHAPES[name]:
            gen.fits(name)
    for op in OPERATIONS:
        for _ in range(300):
            gen.case(op)
    for f in failed:
        print('FAIL:', f)
    total = len(regex_cases) + len(request_cases) + 1
    print(f'botocore {botocore.__version__}: {total - len(failed)}/{total} checks passed, '
          f'900 generated cases consistent: {"FAIL" if failed else "PASS"}')
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--count', type=int, default=100, help='cases per operation')
    ap.add_argument('--self-test', action='store_true')
    ap.add_argument('--match', action='store_true',
                    help='read {"patterns": [...], "samples": [...]} on stdin; '
                         'print, per pattern, whether each sample matches (Java meaning)')
    args = ap.parse_args()
    if args.self_test:
        sys.exit(self_test())
    if args.match:
        probe = json.load(sys.stdin)
        verdicts = {p: [java_match(p, s) for s in probe['samples']] for p in probe['patterns']}
        json.dump(verdicts, sys.stdout)
        return
    gen = Generator(args.seed)
    try:
        for op in OPERATIONS:
            for _ in range(args.count):
                sys.stdout.write(json.dumps(gen.case(op)) + '\n')
        sys.stdout.flush()
    except BrokenPipeError:         # the reader stopped early (e.g. `| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == '__main__':
    main()
