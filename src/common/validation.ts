import { applyDecorators, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength, validate } from 'class-validator';
import { InvalidDataError } from './errors/app-errors';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator names the property; for nested fields, name the whole path.
      parent ? message.replace(error.property, path) : message,
    );
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
  stopAtFirstError: true,
  exceptionFactory: toInvalidData,
} as const;

/** The global pipe: unknown fields are refused, and the message names each failing field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(OPTIONS);
}

/** The same rules for code that runs before pipes (guards). */
export async function validateBody<T extends object>(type: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidDataError('Request body must be a JSON object');
  }
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

/** An email field: trimmed before validation (normalisation to lower case happens in the service). */
export function EmailField(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString(),
    IsEmail({}, { message: '$property must be a valid email address' }),
    MaxLength(254),
  );
}

/** A password: a string first (so a missing one says so), then its length bounds. */
export function PasswordField(minLength: number): PropertyDecorator {
  // applyDecorators registers in order, and validation stops at the first failure.
  return applyDecorators(IsString(), MinLength(minLength), MaxLength(1024));
}
