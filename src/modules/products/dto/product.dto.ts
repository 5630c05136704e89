import { Trim } from '../../../common/validation';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';
import { PRODUCT_STATUSES, ProductStatus } from '../product.entity';
import { SalesChannelRef } from '../../../common/dto';

export class CreateProductDto {
  @ApiProperty({ example: 'Medusa T-Shirt' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  title: string;

  @ApiPropertyOptional({
    example: 't-shirt',
    description: 'URL-safe and unique; derived from the title when omitted',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'handle must be lower-case letters, digits and dashes',
  })
  @MaxLength(255)
  handle?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES, default: 'draft' })
  @IsOptional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: 'Sales channels the product is sold in' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  sales_channel_ids?: string[];
}

export class UpdateProductDto extends PartialType(CreateProductDto) {}

export class ListProductsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Matches the title or handle' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}

export class ProductResponse {
  @ApiProperty({ example: 'prod_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  handle: string;

  @ApiProperty({ enum: PRODUCT_STATUSES })
  status: ProductStatus;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: [SalesChannelRef] })
  sales_channels: SalesChannelRef[];

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class ProductEnvelope {
  @ApiProperty({ type: ProductResponse })
  product: ProductResponse;
}

export class ProductList extends ListEnvelope('products', ProductResponse) {}
