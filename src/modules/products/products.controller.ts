import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { ErrorResponses } from '../../common/swagger';
import { listBody } from '../../common/pagination';
import {
  CreateProductDto,
  ListProductsQuery,
  ProductEnvelope,
  ProductList,
  UpdateProductDto,
} from './dto/product.dto';
import { ProductsService } from './products.service';
import { DeletedObject } from '../../common/dto';

@ApiTags('Admin products')
@Controller('admin/products')
@AdminRoute()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @RequirePermissions('products:read')
  @ApiOperation({ summary: 'List products' })
  @ApiOkResponse({ type: ProductList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: ListProductsQuery,
  ): Promise<ProductList> {
    return listBody('products', await this.products.list(auth, query));
  }

  @Post()
  @RequirePermissions('products:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a product' })
  @ApiOkResponse({ type: ProductEnvelope })
  @ErrorResponses(400, 401, 409)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateProductDto,
  ): Promise<ProductEnvelope> {
    return { product: await this.products.create(auth, body) };
  }

  @Get(':id')
  @RequirePermissions('products:read')
  @ApiOperation({ summary: 'Get a product' })
  @ApiOkResponse({ type: ProductEnvelope })
  @ErrorResponses(401, 404)
  async retrieve(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<ProductEnvelope> {
    return { product: await this.products.retrieve(auth, id) };
  }

  @Post(':id')
  @RequirePermissions('products:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Update a product' })
  @ApiOkResponse({ type: ProductEnvelope })
  @ErrorResponses(400, 401, 404, 409)
  async update(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: UpdateProductDto,
  ): Promise<ProductEnvelope> {
    return { product: await this.products.update(auth, id, body) };
  }

  @Delete(':id')
  @RequirePermissions('products:write')
  @ApiOperation({ summary: 'Delete a product' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 404)
  delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    return this.products.delete(auth, id);
  }
}
