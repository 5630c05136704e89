import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { DuplicateError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { definedFields } from '../../common/validation';
import { isUniqueViolation } from '../../database/postgres-errors';
import type { PublishableKeyContext } from '../../common/auth/ports';
import { findSalesChannels } from '../sales-channels/sales-channels.service';
import type {
  CreateProductDto,
  ListProductsQuery,
  ProductResponse,
  UpdateProductDto,
} from './dto/product.dto';
import { Product } from './product.entity';

function handleFrom(title: string): string {
  const handle = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return handle || 'product';
}

@Injectable()
export class ProductsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(_auth: AuthContext, dto: CreateProductDto): Promise<ProductResponse> {
    return this.saving(() =>
      this.dataSource.transaction(async (manager) => {
        const product = manager.create(Product, {
          id: newId('prod'),
          title: dto.title,
          handle: dto.handle ?? handleFrom(dto.title),
          status: dto.status ?? 'draft',
          description: dto.description ?? null,
          sales_channels: await findSalesChannels(manager, dto.sales_channel_ids ?? []),
        });
        return manager.save(product);
      }),
    );
  }

  async update(_auth: AuthContext, id: string, dto: UpdateProductDto): Promise<ProductResponse> {
    return this.saving(() =>
      this.dataSource.transaction(async (manager) => {
        const product = await this.find(id, manager);
        const { sales_channel_ids: channelIds, ...fields } = definedFields(dto);
        Object.assign(product, fields);
        if (channelIds) product.sales_channels = await findSalesChannels(manager, channelIds);
        return manager.save(product);
      }),
    );
  }

  async retrieve(_auth: AuthContext, id: string): Promise<ProductResponse> {
    return this.toResponse(await this.find(id));
  }

  async delete(
    _auth: AuthContext,
    id: string,
  ): Promise<{ id: string; object: 'product'; deleted: true }> {
    const result = await this.dataSource.manager.delete(Product, { id });
    if (!result.affected) throw new NotFoundError(`Product with id: ${id} was not found`);
    return { id, object: 'product', deleted: true };
  }

  list(_auth: AuthContext, query: ListProductsQuery): Promise<Page<ProductResponse>> {
    return this.page(this.query(query), query);
  }

  /** Store: published products in the publishable key's sales channels, and nothing else. */
  listForStore(
    key: PublishableKeyContext,
    query: ListProductsQuery,
  ): Promise<Page<ProductResponse>> {
    const builder = this.query(query).andWhere('product.status = :status', { status: 'published' });
    if (!key.sales_channel_ids.length) builder.andWhere('FALSE');
    else
      builder.andWhere(
        'product.id IN (SELECT product_id FROM product_sales_channel WHERE sales_channel_id IN (:...channels))',
        { channels: key.sales_channel_ids },
      );
    return this.page(builder, query);
  }

  private query(query: ListProductsQuery): SelectQueryBuilder<Product> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Product, 'product')
      .leftJoinAndSelect('product.sales_channels', 'channel');
    return whereContains(builder, ['product.title', 'product.handle'], query.q);
  }

  private page(
    builder: SelectQueryBuilder<Product>,
    query: ListProductsQuery,
  ): Promise<Page<ProductResponse>> {
    return paginate(builder, query, (product) => this.toResponse(product));
  }

  private async saving(save: () => Promise<Product>): Promise<ProductResponse> {
    try {
      return this.toResponse(await save());
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError('A product with this handle already exists');
      throw error;
    }
  }

  private async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Product> {
    const product = await manager.findOne(Product, {
      where: { id },
      relations: { sales_channels: true },
    });
    if (!product) throw new NotFoundError(`Product with id: ${id} was not found`);
    return product;
  }

  private toResponse(product: Product): ProductResponse {
    return {
      id: product.id,
      title: product.title,
      handle: product.handle,
      status: product.status,
      description: product.description,
      sales_channels: (product.sales_channels ?? []).map(({ id, name }) => ({ id, name })),
      created_at: product.created_at,
      updated_at: product.updated_at,
    };
  }
}
