import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';
import { EmailField, NewPasswordField } from '../../../common/validation';

export class CreateCustomerDto {
  @ApiProperty({ example: 'customer@example.com' })
  @EmailField()
  email: string;

  @ApiPropertyOptional({
    example: 'password123',
    format: 'password',
    minLength: 8,
    description: 'One-step form (no token): creates the login and the customer together.',
  })
  @IsOptional()
  @NewPasswordField()
  password?: string;

  @ApiPropertyOptional({ example: 'John' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Doe' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  last_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;
}

export class UpdateCustomerDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  first_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  last_name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;
}

export class CustomerResponse {
  @ApiProperty({ example: 'cus_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  first_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_name: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty()
  has_account: boolean;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class CustomerEnvelope {
  @ApiProperty({ type: CustomerResponse })
  customer: CustomerResponse;
}

export class CustomerList extends ListEnvelope('customers', CustomerResponse) {}

export class ListCustomersQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Matches email, first or last name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
