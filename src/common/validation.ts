import {
  applyDecorators,
  ArgumentMetadata,
  Body as NestBody,
  Param as NestParam,
  Query as NestQuery,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsDate,
  IsEmail,
  IsString,
  Matches,
  MaxDate,
  MaxLength,
  MinDate,
  MinLength,
  validate,
  ValidateBy,
} from 'class-validator';
import { emailProblem, normalizeEmail } from './email';
import { InvalidDataError } from './errors/app-errors';

/**
 * A missing or mistyped value fails every rule of its field; the rule on its kind says why. Stacked
 * decorators register bottom-up, so without this a missing title would be "shorter than 255 characters".
 */
const KIND_RULES = [
  'whitelistValidation',
  'isDefined',
  'isArray',
  'isObject',
  'isString',
  'isInt',
  'isBoolean',
];

/** One message a field: the rule on its kind if that failed, else the first rule that failed. */
function messageFor(constraints: Record<string, string>): string | undefined {
  const rule = KIND_RULES.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  return rule === undefined ? undefined : constraints[rule];
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const message = messageFor(error.constraints ?? {});
    // class-validator names the property; for nested fields, name the whole path.
    const own =
      message === undefined ? [] : [parent ? message.replace(error.property, path) : message];
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function toInvalidData(errors: ValidationError[]): InvalidDataError {
  return new InvalidDataError(flatten(errors).join('; ') || 'Invalid request');
}

const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  exceptionFactory: toInvalidData,
} as const;

/** Request JSON nests at most this deep: DTOs use two levels, and deeper input could overflow the stack. */
const MAX_DEPTH = 32;
/** With the `u` flag, a surrogate pair is one code point: this finds only unpaired halves. */
const LONE_SURROGATE = /\p{Surrogate}/u;

interface Refusal {
  /** Where, as `field.0.name`; '' for the value itself. */
  path: string;
  rule: string;
}

/**
 * The first part of a parsed request that PostgreSQL could not store as sent: text with a NUL character
 * (it refuses the statement) or a lone surrogate (it would store U+FFFD instead), or nesting too deep.
 * A bad property name is reported at its object.
 */
function unstorable(value: unknown, path = '', depth = 0): Refusal | undefined {
  if (typeof value === 'string') {
    if (value.includes('\0')) return { path, rule: 'must not contain the NUL character (\\u0000)' };
    if (LONE_SURROGATE.test(value))
      return { path, rule: 'must not contain a lone surrogate (invalid Unicode)' };
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth === MAX_DEPTH) {
    return { path: path.split('.')[0]!, rule: `must not nest deeper than ${MAX_DEPTH} levels` };
  }
  for (const [key, item] of Object.entries(value)) {
    const refusal =
      unstorable(key, path, depth) ?? unstorable(item, path ? `${path}.${key}` : key, depth + 1);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Refuses what `unstorable` finds, before any handler or query runs; `name` stands for the whole value. */
function refuseUnstorable(value: unknown, name: string): void {
  const refusal = unstorable(value);
  if (refusal) throw new InvalidDataError(`${refusal.path || name} ${refusal.rule}`);
}

/** Unknown fields are refused, and the message names each failing field. */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    refuseUnstorable(value, metadata.data ?? metadata.type);
    return super.transform(value, metadata);
  }
}

const REQUEST_VALIDATION = new RequestValidationPipe(OPTIONS);

/*
 * `@Body()`, `@Query()` and `@Param()` with the request validation bound to them; lint refuses Nest's
 * own. It is not a global pipe because Nest runs global pipes on custom parameters too: `@AuthContext()`
 * went through five promises a request for a pipe that passes it through. Unpiped, it is read in line.
 */
export const Body = () => NestBody(REQUEST_VALIDATION);
export const Query = () => NestQuery(REQUEST_VALIDATION);
export const Param = (property?: string) =>
  property === undefined ? NestParam(REQUEST_VALIDATION) : NestParam(property, REQUEST_VALIDATION);

/** The same rules for code that runs before pipes (guards). */
export async function validateBody<T extends object>(type: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidDataError('Request body must be a JSON object');
  }
  refuseUnstorable(body, 'body');
  const instance = plainToInstance(type, body);
  const errors = await validate(instance, OPTIONS);
  if (errors.length) throw toInvalidData(errors);
  return instance;
}

/** Trims a string before validation (titles, names, emails); other values pass through to be refused. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  );
}

/** An email, as the account it names: normalised (common/email) before validation, 400 when it cannot be. */
export function EmailField(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && !emailProblem(value) ? normalizeEmail(value) : value,
    ),
    IsString(),
    ValidateBy({
      name: 'emailAccount',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !emailProblem(value),
        defaultMessage: (args) =>
          `$property ${(typeof args?.value === 'string' && emailProblem(args.value)) || 'must be a valid email address'}`,
      },
    }),
    IsEmail({}, { message: '$property must be a valid email address' }),
    MaxLength(254),
  );
}

/** The years a date field accepts: PostgreSQL stores far more, but nothing real lies outside them. */
const EARLIEST = new Date('0001-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');

/**
 * An ISO 8601 date, between the years 1 and 9999: JavaScript parses dates PostgreSQL cannot store
 * (year -271821), which would otherwise fail the query with a 500.
 */
export function DateField(): PropertyDecorator {
  return applyDecorators(
    Type(() => Date),
    IsDate({ message: '$property must be an ISO 8601 date' }),
    MinDate(EARLIEST, { message: '$property must be in the year 1 or later' }),
    MaxDate(LATEST, { message: '$property must be in the year 9999 or earlier' }),
  );
}

/** A password presented to be checked (a login, the current password): any string, within bounds. */
export function PasswordField(): PropertyDecorator {
  return applyDecorators(IsString(), MinLength(1), MaxLength(1024));
}

/** A password being set: 8 to 1,024 characters, not only blanks (the common-password list: PasswordHasher). */
export function NewPasswordField(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MinLength(8),
    MaxLength(1024),
    Matches(/\S/, { message: '$property must not be only blank characters' }),
  );
}

const METADATA_LIMITS = { keys: 50, keyLength: 100, valueLength: 1000 };

/**
 * Flat key/value metadata, bounded: at most 50 keys of 1 to 100 characters, each value a string of at
 * most 1,000 characters, a finite number, a boolean or null.
 */
export function FlatMetadata(): PropertyDecorator {
  return ValidateBy({
    name: 'flatMetadata',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const entries = Object.entries(value);
        return (
          entries.length <= METADATA_LIMITS.keys &&
          entries.every(
            ([key, item]) =>
              key.length >= 1 &&
              key.length <= METADATA_LIMITS.keyLength &&
              (item === null ||
                typeof item === 'boolean' ||
                (typeof item === 'number' && Number.isFinite(item)) ||
                (typeof item === 'string' && item.length <= METADATA_LIMITS.valueLength)),
          )
        );
      },
      defaultMessage: () =>
        `$property must be an object of at most ${METADATA_LIMITS.keys} keys (1 to ${METADATA_LIMITS.keyLength} characters) whose values are strings of at most ${METADATA_LIMITS.valueLength} characters, numbers, booleans or null`,
    },
  });
}

/**
 * The fields a request set: DTO classes declare every optional field (as undefined, since the compiler
 * defines class fields), and copying those onto an entity would answer stored values as empty.
 */
export function definedFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(dto).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
